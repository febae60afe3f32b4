import { emit, on, pluralize } from '@create-figma-plugin/utilities'

import type { SizeSpec } from '../../src/protocol/catalog.js'
import type {
  ExportedLayer,
  ExportOptions,
  ExportRequestHandler,
  ExportResult,
  ExportResultHandler
} from '../../src/protocol/events.js'
import { createRequestId } from './create-request-id.js'
import { answerWithinAsync, EXPORT_TIMEOUT_MS, seconds } from './main-thread-silence.js'
import { withoutSubjectAsync } from './without-subject.js'

const pending = new Map<string, (result: ExportResult) => void>()
let listening = false

/**
 * Asks the main thread to export the layers at the model's working size (with their mask layers when
 * `options.masks`, their background when `options.background`, without the subject when it stands in it);
 * gives up with a clear error when Figma does not answer within `timeoutMs`.
 */
export async function requestExportAsync(
  layerIds: readonly string[],
  size: SizeSpec,
  options: ExportOptions = {},
  timeoutMs = EXPORT_TIMEOUT_MS
): Promise<readonly ExportedLayer[]> {
  if (!listening) {
    listening = true
    on<ExportResultHandler>('EXPORT_RESULT', (requestId, result) => {
      pending.get(requestId)?.(result)
      pending.delete(requestId)
    })
  }
  const requestId = createRequestId()
  const result = await answerWithinAsync<ExportResult>(
    (resolve) => {
      pending.set(requestId, resolve)
      if (options.masks === true || options.background !== undefined) {
        emit<ExportRequestHandler>('EXPORT_REQUEST', requestId, layerIds, size, options)
      } else {
        emit<ExportRequestHandler>('EXPORT_REQUEST', requestId, layerIds, size)
      }
    },
    () => pending.delete(requestId),
    timeoutMs,
    `Figma did not answer while exporting the ${pluralize(layerIds.length, 'layer')} ` +
      `(no reply in ${seconds(timeoutMs)}). Nothing was sent to the gateway. Try again; if it keeps ` +
      'happening, close and reopen Relight.'
  )
  if ('error' in result) throw new Error(result.error)
  return Promise.all(result.layers.map(withoutSubjectAsync))
}

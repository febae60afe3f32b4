import { emit, on } from '@create-figma-plugin/utilities'

import type { SizeSpec } from '../../src/protocol/catalog.js'
import type {
  ExportedLayer,
  ExportRequestHandler,
  ExportResult,
  ExportResultHandler
} from '../../src/protocol/events.js'
import { createRequestId } from './create-request-id.js'

const pending = new Map<string, (result: ExportResult) => void>()
let listening = false

/** Asks the main thread to export the layers at the model's working size. */
export async function requestExportAsync(
  layerIds: readonly string[],
  size: SizeSpec
): Promise<readonly ExportedLayer[]> {
  if (!listening) {
    listening = true
    on<ExportResultHandler>('EXPORT_RESULT', (requestId, result) => {
      pending.get(requestId)?.(result)
      pending.delete(requestId)
    })
  }
  const requestId = createRequestId()
  const result = await new Promise<ExportResult>((resolve) => {
    pending.set(requestId, resolve)
    emit<ExportRequestHandler>('EXPORT_REQUEST', requestId, layerIds, size)
  })
  if ('error' in result) throw new Error(result.error)
  return result.layers
}

import { emit, on } from '@create-figma-plugin/utilities'

import type {
  InsertRequest,
  InsertRequestHandler,
  InsertResult,
  InsertResultHandler
} from '../../src/protocol/events.js'
import { createRequestId } from './create-request-id.js'
import { answerWithinAsync, INSERT_TIMEOUT_MS, seconds } from './main-thread-silence.js'

const pending = new Map<string, (result: InsertResult) => void>()
let listening = false

/**
 * Asks the main thread to place a job's images beside their source layer; resolves to the new node ids.
 * Gives up with a clear error when Figma does not answer within `timeoutMs`.
 */
export async function requestInsertAsync(
  request: InsertRequest,
  timeoutMs = INSERT_TIMEOUT_MS
): Promise<readonly string[]> {
  if (!listening) {
    listening = true
    on<InsertResultHandler>('INSERT_RESULT', (requestId, result) => {
      pending.get(requestId)?.(result)
      pending.delete(requestId)
    })
  }
  const requestId = createRequestId()
  const result = await answerWithinAsync<InsertResult>(
    (resolve) => {
      pending.set(requestId, resolve)
      emit<InsertRequestHandler>('INSERT_REQUEST', requestId, request)
    },
    () => pending.delete(requestId),
    timeoutMs,
    `Figma did not answer while placing the results (no reply in ${seconds(timeoutMs)}), so they may ` +
      'not be on the canvas. Relight will not offer them again; select the layer and relight it anew.'
  )
  if ('error' in result) throw new Error(result.error)
  return result.nodeIds
}

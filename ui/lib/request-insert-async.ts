import { emit, on } from '@create-figma-plugin/utilities'

import type {
  InsertRequest,
  InsertRequestHandler,
  InsertResult,
  InsertResultHandler
} from '../../src/protocol/events.js'
import { createRequestId } from './create-request-id.js'

const pending = new Map<string, (result: InsertResult) => void>()
let listening = false

/** Asks the main thread to place a job's images beside their source layer; resolves to the new node ids. */
export async function requestInsertAsync(request: InsertRequest): Promise<readonly string[]> {
  if (!listening) {
    listening = true
    on<InsertResultHandler>('INSERT_RESULT', (requestId, result) => {
      pending.get(requestId)?.(result)
      pending.delete(requestId)
    })
  }
  const requestId = createRequestId()
  const result = await new Promise<InsertResult>((resolve) => {
    pending.set(requestId, resolve)
    emit<InsertRequestHandler>('INSERT_REQUEST', requestId, request)
  })
  if ('error' in result) throw new Error(result.error)
  return result.nodeIds
}

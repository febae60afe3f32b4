/** Turning a provider's error answer, or a failed connection, into an UpstreamError. */
import { parseRetryAfter } from '../../protocol/retry-after.js'
import { describeErrorBody, readTextExcerpt } from './body.js'
import {
  codeForStatus,
  messageFor,
  type ProviderIdentity,
  redact,
  UpstreamError,
  type UpstreamErrorCode
} from './errors.js'

export const MAX_ERROR_BODY_BYTES = 64 * 1024
const REQUEST_ID_HEADERS = ['x-fal-request-id', 'x-request-id', 'request-id']
/** Connection failures that prove no request byte reached the provider. */
const UNREACHED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])
const NETWORK_DETAIL: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  UND_ERR_CONNECT_TIMEOUT: 'could not connect',
  ECONNRESET: 'the connection was dropped'
}

export interface FailureContext extends ProviderIdentity {
  readonly secrets: readonly string[]
  readonly statusCodes?: Readonly<Partial<Record<number, UpstreamErrorCode>>>
}

export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name)
    if (value) return value.slice(0, 200)
  }
  return undefined
}

/** The error for a non-2xx answer: code from the status, the provider's words (redacted), Retry-After. */
export async function responseError(
  who: FailureContext,
  response: Response,
  nowMs: number,
  knownRequestId?: string
): Promise<UpstreamError> {
  const text = redact(await readTextExcerpt(response, MAX_ERROR_BODY_BYTES), who.secrets)
  const { detail, field } = describeErrorBody(text)
  const code = codeForStatus(response.status, who.statusCodes)
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), nowMs)
  const requestId = requestIdOf(response.headers) ?? knownRequestId
  return new UpstreamError({
    code,
    provider: who.provider,
    status: response.status,
    body: text,
    message: redact(messageFor(who, code, { status: response.status, detail, field }), who.secrets, 2000),
    ...(field ? { field } : {}),
    ...(requestId ? { requestId } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {})
  })
}

/** The error for a fetch that failed without an answer; `reached` is false when no byte left. */
export function networkError(who: FailureContext, error: unknown, requestId?: string): UpstreamError {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause
  const code = typeof cause?.code === 'string' ? cause.code : ''
  return new UpstreamError({
    code: 'unavailable',
    provider: who.provider,
    message: messageFor(who, 'unavailable', { detail: NETWORK_DETAIL[code] ?? 'the connection failed' }),
    reached: !UNREACHED_CODES.has(code),
    ...(requestId ? { requestId } : {})
  })
}

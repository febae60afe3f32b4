/** The gateway client's one error type, and how HTTP answers map to messages a designer can act on. */
import type { ErrorBody, ErrorHint } from './api.js'
import { parseRetryAfter } from './retry-after.js'

/**
 * The sentence that tells this client's user how to act on a hint (where the plugin keeps the token, which
 * CLI flag sets the address), or undefined when the message says enough.
 */
export type HintWords = (hint: ErrorHint) => string | undefined

export interface ApiErrorDetails {
  /** The request field the error concerns, as the API names it (`numImages`, `options.rim`). */
  readonly field?: string
  readonly retryAfterSeconds?: number
  readonly hint?: ErrorHint
}

/** status 0: the gateway could not be reached (or did not answer in time). */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly field?: string
  readonly retryAfterSeconds?: number
  readonly hint?: ErrorHint

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    details: ApiErrorDetails = {}
  ) {
    super(message)
    if (details.field !== undefined) this.field = details.field
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds
    if (details.hint !== undefined) this.hint = details.hint
  }
}

/** The statement followed by this client's words for its hint. */
function worded(statement: string, hint: ErrorHint | undefined, words: HintWords | undefined): string {
  const fix = hint && words?.(hint)
  return fix ? `${statement.replace(/\s*$/, '')} ${fix}` : statement
}

/** Worth another try: the gateway was unreachable, timed out, or answered 5xx / 408. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  return error.status === 0 || error.status === 408 || error.status >= 500
}

const URL_HINT: ErrorHint = { kind: 'url' }

export function unreachable(base: string, words?: HintWords): ApiError {
  return new ApiError(
    0,
    'unreachable',
    worded(`Can't reach the gateway at ${base}. Check that it is running.`, URL_HINT, words),
    { hint: URL_HINT }
  )
}

export function notAGateway(base: string, words?: HintWords): ApiError {
  return new ApiError(
    0,
    'bad_response',
    worded(`${base} answered, but not like a Relight gateway.`, URL_HINT, words),
    { hint: URL_HINT }
  )
}

/** The hint an answer carries, else the one its status implies (a proxy's bare 401 or 404). */
function hintOf(
  status: number,
  body: ErrorBody['error'] | undefined,
  hasToken: boolean
): ErrorHint | undefined {
  if (body?.hint) return body.hint
  if (body?.field) return { kind: 'field', field: body.field }
  if (body?.message) return undefined
  if (status === 401) return { kind: 'token', problem: hasToken ? 'rejected' : 'missing' }
  if (status === 404) return URL_HINT
  return undefined
}

/** Maps an HTTP error response to an ApiError a designer can act on, worded for this client. */
export async function errorFrom(response: Response, hasToken: boolean, words?: HintWords): Promise<ApiError> {
  let body: ErrorBody['error'] | undefined
  try {
    body = ((await response.json()) as Partial<ErrorBody>).error
  } catch {
    body = undefined
  }
  const code = body?.code ?? `http_${response.status}`
  const hint = hintOf(response.status, body, hasToken)
  const details = { ...(body?.field ? { field: body.field } : {}), ...(hint ? { hint } : {}) }
  const error = (statement: string, extra: ApiErrorDetails = {}): ApiError =>
    new ApiError(response.status, code, worded(statement, hint, words), { ...details, ...extra })
  switch (response.status) {
    case 401:
      // The gateway's own words say why ("This token was revoked. Ask your admin for a new one."): prefer them.
      return error(
        body?.message ?? (hasToken ? 'The gateway did not accept your token.' : 'This gateway needs a token.')
      )
    case 413:
      if (body?.message) break
      // A proxy in front of the gateway (or the gateway's own body limit) refused the upload, with no JSON.
      return error(
        'The image is too large for the gateway. Export the layer smaller (or pick a smaller size), or ask whoever runs the gateway to raise RELIGHT_MAX_BODY_BYTES (and the proxy’s upload limit).'
      )
    case 429: {
      const seconds = retryAfterSeconds(response.headers.get('retry-after'))
      const wait = seconds === undefined ? 'Try again later.' : `Try again in ${formatWait(seconds)}.`
      // The gateway's own messages say when ("try again in 12 s", "resets at 00:00 UTC"): show those as is.
      const saysWhen = /\btry again\b|\bresets?\b/i.test(body?.message ?? '')
      const message = body?.message
        ? saysWhen
          ? body.message
          : `${body.message.replace(/\s*$/, '')} ${wait}`
        : `Too many relights right now. ${wait}`
      return error(message, seconds === undefined ? {} : { retryAfterSeconds: seconds })
    }
  }
  if (body?.message) return error(body.message)
  if (response.status === 404) return error('The gateway does not know this address (404).')
  if (response.status >= 500) {
    return error(
      `The gateway had a problem (HTTP ${response.status}). Try again in a moment; if it keeps happening, tell whoever runs the gateway.`
    )
  }
  return error(`The gateway refused the request (HTTP ${response.status}).`)
}

function retryAfterSeconds(header: string | null): number | undefined {
  const ms = parseRetryAfter(header, Date.now())
  return ms === undefined ? undefined : Math.ceil(ms / 1000)
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`
  return `${Math.ceil(minutes / 60)} hours`
}

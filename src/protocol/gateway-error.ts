/** The gateway client's one error type, and how HTTP answers map to messages a designer can act on. */
import type { ErrorBody } from './api.js'
import { parseRetryAfter } from './retry-after.js'

/** status 0: the gateway could not be reached (or did not answer in time). */
export class GatewayError extends Error {
  override readonly name = 'GatewayError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number
  ) {
    super(message)
  }
}

/** Worth another try: the gateway was unreachable, timed out, or answered 5xx / 408. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false
  return error.status === 0 || error.status === 408 || error.status >= 500
}

export function unreachable(base: string): GatewayError {
  return new GatewayError(
    0,
    'unreachable',
    `Can't reach the gateway at ${base}. Check that it is running and that the address in Settings is right.`
  )
}

export function notAGateway(base: string): GatewayError {
  return new GatewayError(
    0,
    'bad_response',
    `${base} answered, but not like a Relight gateway. Check the address in Settings.`
  )
}

/** Maps an HTTP error response to a GatewayError a designer can act on. */
export async function errorFrom(response: Response, hasToken: boolean): Promise<GatewayError> {
  let body: ErrorBody['error'] | undefined
  try {
    body = ((await response.json()) as Partial<ErrorBody>).error
  } catch {
    body = undefined
  }
  const code = body?.code ?? `http_${response.status}`
  switch (response.status) {
    case 401:
      // The gateway's own words say why ("This token was revoked. Ask your admin for a new one."): prefer them.
      return new GatewayError(
        401,
        code,
        body?.message
          ? body.message
          : hasToken
            ? 'The gateway did not accept your token. Paste a valid token in Settings, or ask your admin for a new one.'
            : 'This gateway needs a token. Paste the token your admin gave you in Settings.',
        body?.field
      )
    case 413:
      if (body?.message) break
      // A proxy in front of the gateway (or the gateway's own body limit) refused the upload, with no JSON.
      return new GatewayError(
        413,
        code,
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
      return new GatewayError(429, code, message, body?.field, seconds)
    }
  }
  if (body?.message) return new GatewayError(response.status, code, body.message, body.field)
  if (response.status === 404) {
    return new GatewayError(
      404,
      code,
      'The gateway does not know this address (404). Check the gateway URL in Settings.'
    )
  }
  if (response.status >= 500) {
    return new GatewayError(
      response.status,
      code,
      `The gateway had a problem (HTTP ${response.status}). Try again in a moment; if it keeps happening, tell whoever runs the gateway.`
    )
  }
  return new GatewayError(response.status, code, `The gateway refused the request (HTTP ${response.status}).`)
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

/**
 * Errors the core raises for the HTTP edge to answer. Framework-free: a status, a stable code, a message
 * a designer can act on, the request field it concerns, what the client should point its user at (`hint`),
 * and the headers the answer needs (`WWW-Authenticate` on a 401, `Retry-After` on a 429), as hono's
 * HTTPException carries its response.
 */
import type { ErrorBody, ErrorHint } from '../protocol/api.js'

export interface GatewayErrorExtras {
  readonly headers?: Readonly<Record<string, string>>
  /** Where the fix is, when not the `field`: the token or the gateway address. */
  readonly hint?: ErrorHint
}

export class GatewayError extends Error {
  override readonly name = 'GatewayError'
  readonly headers: Readonly<Record<string, string>>
  readonly hint?: ErrorHint

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503,
    readonly code: string,
    message: string,
    readonly field?: string,
    extras: GatewayErrorExtras = {}
  ) {
    super(message)
    this.headers = extras.headers ?? {}
    const hint = extras.hint ?? (field ? { kind: 'field' as const, field } : undefined)
    if (hint) this.hint = hint
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
        ...(this.hint ? { hint: this.hint } : {})
      }
    }
  }
}

export function badRequest(code: string, message: string, field?: string): GatewayError {
  return new GatewayError(400, code, message, field)
}

/** Client text quoted in an error is cut to this many characters: enough to recognise, not to reflect. */
export const ECHO_MAX = 64

/** Client input as an error may quote it: at most `max` characters, with an ellipsis when cut. */
export function clip(text: string, max = ECHO_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`
}

export function jobNotFound(id: string): GatewayError {
  return new GatewayError(
    404,
    'job_not_found',
    `No job "${clip(id)}" here. It may have expired or belong to someone else; start a new relight.`
  )
}

/** What a 5xx says: the details go to the log with the request id, never to the client. */
export const INTERNAL_ERROR_MESSAGE =
  'Something went wrong on the gateway. Try again; if it keeps failing, ask your admin to check the gateway log.'

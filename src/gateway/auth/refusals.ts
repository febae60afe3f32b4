/** Refusals with the headers they need: 401 with `WWW-Authenticate`, 429 with `Retry-After`. */
import { GatewayError } from '../errors.js'

export class RefusedError extends GatewayError {
  constructor(
    status: 401 | 429,
    code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>>
  ) {
    super(status, code, message)
  }
}

export function unauthorized(code: string, message: string): RefusedError {
  return new RefusedError(401, code, message, { 'WWW-Authenticate': 'Bearer realm="relight"' })
}

export function tooMany(code: string, message: string, retryAfterSeconds: number): RefusedError {
  return new RefusedError(429, code, message, { 'Retry-After': String(Math.max(1, retryAfterSeconds)) })
}

/** Headers an error asks the response to carry (none for ordinary errors). */
export function headersOf(error: unknown): Readonly<Record<string, string>> {
  return error instanceof RefusedError ? error.headers : {}
}

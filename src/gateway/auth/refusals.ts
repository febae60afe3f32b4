/** Refusals with the headers they need: 401 with `WWW-Authenticate`, 429 with `Retry-After`. */
import type { ErrorHint } from '../../protocol/api.js'
import { GatewayError } from '../errors.js'

export function unauthorized(code: string, message: string, hint?: ErrorHint): GatewayError {
  return new GatewayError(401, code, message, undefined, {
    headers: { 'WWW-Authenticate': 'Bearer realm="relight"' },
    ...(hint ? { hint } : {})
  })
}

export function tooMany(code: string, message: string, retryAfterSeconds: number): GatewayError {
  return new GatewayError(429, code, message, undefined, {
    headers: { 'Retry-After': String(Math.max(1, retryAfterSeconds)) }
  })
}

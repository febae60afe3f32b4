/**
 * While auth is off the gateway trusts whoever reaches it, so it must be sure who that is. A web page on
 * another site is known by its Origin (the browser sets it; a page cannot forge it); a page on a name that
 * resolves to 127.0.0.1 (DNS rebinding) is known by its Host. Both are refused before any work. The
 * Figma plugin iframe (Origin `null`), pages served by the gateway itself (the playground), configured
 * origins and clients that are not browsers (the CLI, curl: no Origin) are served.
 */
import { clip, GatewayError } from '../errors.js'
import { isLoopback } from '../loopback.js'

export interface LocalRequestPolicy {
  /** Origins admitted besides `null` and the gateway's own (RELIGHT_CORS_ORIGINS). */
  readonly origins: readonly string[]
  /** Host names admitted besides the loopback names (RELIGHT_PUBLIC_HOST), with or without a port. */
  readonly hosts: readonly string[]
}

/** "localhost:8787" → "localhost"; "[::1]:8787" → "[::1]". */
function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1)
  const colon = host.lastIndexOf(':')
  return colon < 0 ? host : host.slice(0, colon)
}

function hostAllowed(host: string, policy: LocalRequestPolicy): boolean {
  const hostname = hostnameOf(host)
  return isLoopback(hostname) || policy.hosts.some((entry) => entry === host || entry === hostname)
}

/**
 * A page the gateway serves itself (the playground) calls it from its own origin: the same host and
 * port, or the same port under another loopback name (a page at localhost calling 127.0.0.1).
 */
function isOwnOrigin(origin: string, host: string): boolean {
  if (origin === `http://${host}` || origin === `https://${host}`) return true
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  const port = (hostname: string, full: string): string => full.slice(hostname.length + 1)
  const hostPort = port(hostnameOf(host), host)
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    isLoopback(url.hostname) &&
    isLoopback(hostnameOf(host)) &&
    url.port === hostPort
  )
}

/** Throws a 403 for a request a browser made on behalf of a foreign page, or addressed to a foreign name. */
export function assertLocalRequest(headers: Headers, policy: LocalRequestPolicy): void {
  const host = (headers.get('host') ?? '').trim().toLowerCase()
  if (!hostAllowed(host, policy)) {
    throw new GatewayError(
      403,
      'host_refused',
      `This gateway runs without tokens, so it answers only at localhost, 127.0.0.1 or [::1], not at ` +
        `"${clip(host)}". To reach it by that name, add it to RELIGHT_PUBLIC_HOST, and create tokens.`
    )
  }
  const origin = headers.get('origin')
  if (origin === null || origin === 'null' || policy.origins.includes(origin)) return
  if (isOwnOrigin(origin, host)) return
  throw new GatewayError(
    403,
    'origin_refused',
    `The web page at ${clip(origin)} may not use this gateway. Without tokens it serves only the Figma ` +
      'plugin and pages whose origin is listed in RELIGHT_CORS_ORIGINS.'
  )
}

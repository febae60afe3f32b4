/**
 * A base URL from the environment (a provider's API, fal's socket): a secure scheme anywhere, a plain one
 * only on loopback (the fakes); never credentials, a query or a fragment, which would leak into logs or
 * change every call.
 */
import { ConfigError } from './config-error.js'
import { isLoopback } from './loopback.js'

export interface BaseUrlSchemes {
  /** Accepted on any host, e.g. `https:`. */
  readonly secure: readonly string[]
  /** Accepted on loopback only, e.g. `http:`. */
  readonly plain: readonly string[]
  /** How the message names what is wanted: "an https URL". */
  readonly wanted: string
}

/** The value of `name` without trailing slashes, `fallback` when unset; throws a `ConfigError` otherwise. */
export function baseUrlSetting(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: string,
  schemes: BaseUrlSchemes
): string {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  const allowed =
    url !== undefined &&
    (schemes.secure.includes(url.protocol) ||
      (schemes.plain.includes(url.protocol) && isLoopback(url.hostname)))
  if (!url || !allowed || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(
      `${name} must be ${schemes.wanted} like ${fallback} (${schemes.plain.map((s) => s.slice(0, -1)).join(' or ')} only on 127.0.0.1), got "${raw}".`
    )
  }
  return url.href.replace(/\/+$/, '')
}

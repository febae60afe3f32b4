/**
 * Which hosts the gateway will download results from. Only https on the default port for the providers'
 * CDNs; the configured base URL's exact origin too (any scheme), so loopback fakes and self-hosted
 * mirrors work. No user-supplied URL is ever fetched.
 */

export interface HostRule {
  readonly host: string
  /** Also admit any subdomain: `*.fal.media`. */
  readonly subdomains?: boolean
  /** Only paths under this prefix: storage.googleapis.com serves every bucket. */
  readonly pathPrefix?: string
}

export const FAL_RESULT_HOSTS: readonly HostRule[] = [
  { host: 'fal.media', subdomains: true },
  { host: 'fal.run', subdomains: true },
  { host: 'storage.googleapis.com', pathPrefix: '/falserverless/' }
]

export const REPLICATE_RESULT_HOSTS: readonly HostRule[] = [{ host: 'replicate.delivery', subdomains: true }]

export const SEGMIND_RESULT_HOSTS: readonly HostRule[] = []

function matchesRule(url: URL, rule: HostRule): boolean {
  const host = url.hostname.toLowerCase()
  const hostOk = host === rule.host || (rule.subdomains === true && host.endsWith(`.${rule.host}`))
  if (!hostOk || url.protocol !== 'https:' || url.port !== '') return false
  return rule.pathPrefix === undefined || url.pathname.startsWith(rule.pathPrefix)
}

/** Whether `candidate` may be fetched: on an allowed provider host, or on the base URL's own origin. */
export function isAllowedUrl(candidate: string | URL, rules: readonly HostRule[], baseUrl?: string): boolean {
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return false
  }
  if (url.username || url.password) return false
  if (baseUrl !== undefined && url.origin === new URL(baseUrl).origin) return true
  return rules.some((rule) => matchesRule(url, rule))
}

/** Host of a URL for messages, without path or query (which may carry signed tokens). */
export function hostOf(candidate: string): string {
  try {
    return new URL(candidate).host || 'an unknown host'
  } catch {
    return 'an unreadable address'
  }
}

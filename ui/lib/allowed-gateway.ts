/**
 * The origins this build's manifest lets the plugin reach (networkAccess.allowedDomains and
 * devAllowedDomains, baked in by build-figma-plugin.ui.js). Figma blocks any other origin with a CSP error,
 * so a gateway URL outside them is refused in Settings before any request.
 */
export function allowedDomains(): readonly string[] | undefined {
  return typeof __RELIGHT_ALLOWED_DOMAINS__ === 'undefined' ? undefined : __RELIGHT_ALLOWED_DOMAINS__
}

/**
 * Whether `url` matches one manifest entry. Figma's entries are "*" (anything), or a host with an optional
 * scheme, a leading "*." wildcard for subdomains, an optional port and path prefix ("networkAccess" in the
 * plugin manifest docs). Without a scheme, both http and https match.
 */
export function domainAllows(entry: string, url: URL): boolean {
  const text = entry.trim()
  if (text === '*') return true
  const match = /^(?:(https?|wss?):\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/i.exec(text)
  if (match === null) return false
  const [, scheme, host = '', port, path] = match
  if (scheme !== undefined && `${scheme.toLowerCase()}:` !== url.protocol) return false
  const hostname = url.hostname.toLowerCase()
  const wanted = host.toLowerCase()
  const hostOk = wanted.startsWith('*.')
    ? hostname.endsWith(wanted.slice(1)) && hostname.length > wanted.length - 1
    : hostname === wanted
  if (!hostOk) return false
  // Without a port the entry means the scheme's default one.
  if ((url.port || defaultPort(url)) !== (port ?? defaultPort(url))) return false
  return path === undefined || path === '/' || url.pathname.startsWith(path.replace(/\*$/, ''))
}

function defaultPort(url: URL): string {
  return url.protocol === 'https:' ? '443' : '80'
}

/**
 * The words for a gateway URL outside the manifest's domains, or undefined when it is inside (or when this
 * is not a plugin build and nothing is known).
 */
export function outsideManifestProblem(
  url: URL,
  allowed: readonly string[] | undefined = allowedDomains()
): string | undefined {
  if (allowed === undefined || allowed.some((entry) => domainAllows(entry, url))) return undefined
  const list = allowed.length === 0 ? 'no gateway' : allowed.join(', ')
  return (
    `This build may only reach ${list}; rebuild with RELIGHT_GATEWAY_URL=${url.origin} to use this ` +
    'gateway (Figma blocks any other address), or clear this field.'
  )
}

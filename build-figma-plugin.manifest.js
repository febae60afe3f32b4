// create-figma-plugin's manifest hook: the gateway the plugin may call is configuration, read once at build
// time from RELIGHT_GATEWAY_URL (default http://localhost:8787), so a team's build names only its gateway.
//
// Figma checks networkAccess when it loads the manifest and blocks every other request with a CSP error
// (https://developers.figma.com/docs/plugins/making-network-requests). Its manifest reference
// (https://developers.figma.com/docs/plugins/manifest, networkAccess) takes domains — "https://my-app.cdn.com",
// "*.example.com", "example.com/api/" — and devAllowedDomains for local servers such as
// "http://localhost:3000". The build refuses what Figma would reject or block, so a team finds out here and
// not in a designer's Figma: IP literals (not domains; use localhost for this machine), schemes other than
// https (http only for localhost: the plugin window is served over https and browsers block plain http to
// any other host), credentials, and a path, query or fragment (Relight's gateway API lives at the root).
import { isIP } from 'node:net'
import process from 'node:process'
import { URL } from 'node:url'

export const DEFAULT_GATEWAY_URL = 'http://localhost:8787'

/** Local development: the gateway `npm start` and `npm run gateway` listen on (and its Live socket). */
export const DEV_ALLOWED_DOMAINS = ['http://localhost:8787', 'ws://localhost:8787']

/**
 * Live opens a WebSocket to the same gateway; Figma's CSP treats ws/wss as their own schemes, and its
 * manifest reference admits them ("wss://socket.io" among its examples).
 */
function socketOrigin(origin) {
  return origin.replace(/^http/, 'ws')
}

const DOMAIN_NAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/

function refuse(raw, reason) {
  return new Error(`RELIGHT_GATEWAY_URL="${raw}" cannot go into the Figma manifest: ${reason}`)
}

/** The configured gateway URL without a trailing slash; stops the build with one clear line when invalid. */
export function gatewayUrlFromEnv() {
  const raw = (process.env.RELIGHT_GATEWAY_URL ?? '').trim() || DEFAULT_GATEWAY_URL
  let url
  try {
    url = new URL(raw)
  } catch {
    throw new Error(`RELIGHT_GATEWAY_URL is not a URL: "${raw}" (expected e.g. https://relight.example.com)`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`RELIGHT_GATEWAY_URL must start with https:// or http://, got "${raw}"`)
  }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) !== 0) {
    throw refuse(
      raw,
      `Figma allows domains, not IP addresses; use http://localhost:${url.port || 80} for this machine or the gateway's DNS name.`
    )
  }
  if (!DOMAIN_NAME.test(host) || (host !== 'localhost' && !host.includes('.'))) {
    throw refuse(raw, `"${host}" is not a full domain name (e.g. relight.example.com).`)
  }
  if (url.protocol === 'http:' && host !== 'localhost') {
    throw refuse(raw, 'plain http works only for localhost; serve the gateway over https.')
  }
  if (url.username !== '' || url.password !== '') {
    throw refuse(
      raw,
      'it carries a user name or password; give the gateway URL alone (tokens go in the plugin).'
    )
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[?#]/.test(raw)) {
    throw refuse(raw, `use the gateway's origin only, e.g. ${url.origin} (no path, query or fragment).`)
  }
  return url.origin
}

export default function (manifest) {
  const origin = gatewayUrlFromEnv()
  return {
    ...manifest,
    networkAccess: {
      ...manifest.networkAccess,
      allowedDomains: [origin, socketOrigin(origin)],
      devAllowedDomains: DEV_ALLOWED_DOMAINS,
      reasoning:
        manifest.networkAccess?.reasoning ??
        "Relight sends the selected layer to your team's Relight gateway, which relights it and returns the images."
    }
  }
}

// create-figma-plugin's manifest hook: the gateway the plugin may call is configuration, read once at build
// time from RELIGHT_GATEWAY_URL (default http://localhost:8787), so a team's build names only its gateway.
import process from 'node:process'
import { URL } from 'node:url'

export const DEFAULT_GATEWAY_URL = 'http://localhost:8787'

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
  return raw.replace(/\/+$/, '')
}

export default function (manifest) {
  const origin = new URL(gatewayUrlFromEnv()).origin
  return {
    ...manifest,
    networkAccess: {
      ...manifest.networkAccess,
      allowedDomains: [origin],
      devAllowedDomains: ['http://localhost:8787', 'http://127.0.0.1:8787'],
      reasoning:
        manifest.networkAccess?.reasoning ??
        "Relight sends the selected layer to your team's Relight gateway, which relights it and returns the images."
    }
  }
}

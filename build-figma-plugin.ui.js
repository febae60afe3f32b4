// create-figma-plugin's esbuild hook for the UI bundle: bakes the configured gateway URL in as the default
// (the same value the manifest allows) and the manifest's network domains (Settings refuses any other
// gateway, which Figma would block), and targets the Chromium Figma runs instead of chrome58, so the
// client's streaming code (async iteration over the event stream) ships as written.
import { readFileSync } from 'node:fs'
import { URL } from 'node:url'

import manifestHook, { gatewayUrlFromEnv } from './build-figma-plugin.manifest.js'

/**
 * The domains the built manifest allows: package.json's "figma-plugin" key through the manifest hook. Only
 * the http(s) ones: a gateway address is one of those; the ws(s) entries are its Live socket.
 */
function allowedDomains() {
  const config = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))['figma-plugin']
  const access = manifestHook(config).networkAccess ?? {}
  const domains = [...(access.allowedDomains ?? []), ...(access.devAllowedDomains ?? [])]
  return [...new Set(domains.filter((domain) => !/^wss?:\/\//i.test(domain)))]
}

export default function (buildOptions) {
  return {
    ...buildOptions,
    target: 'chrome100',
    define: {
      ...buildOptions.define,
      __RELIGHT_GATEWAY_URL__: JSON.stringify(gatewayUrlFromEnv()),
      __RELIGHT_ALLOWED_DOMAINS__: JSON.stringify(allowedDomains())
    }
  }
}

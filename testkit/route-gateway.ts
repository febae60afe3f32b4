/**
 * The plugin talks to the gateway origin baked into its build (the manifest's network access, by default
 * http://localhost:8787). A playground started on another port (tests use a free one) gets those requests
 * instead: the same gateway, only the port differs. Chromium still applies CORS to the answers.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import type { BrowserContext } from 'playwright-core'

import { PROJECT_DIR } from '../playground/server.js'

interface NetworkAccess {
  readonly allowedDomains?: readonly string[]
  readonly devAllowedDomains?: readonly string[]
}

export function gatewayOrigins(projectDir = PROJECT_DIR): Set<string> {
  const manifest = JSON.parse(readFileSync(join(projectDir, 'manifest.json'), 'utf8')) as {
    networkAccess?: NetworkAccess
  }
  const access = manifest.networkAccess ?? {}
  const domains = [...(access.allowedDomains ?? []), ...(access.devAllowedDomains ?? [])]
  return new Set(
    domains.filter((domain) => /^https?:\/\//.test(domain)).map((domain) => new URL(domain).origin)
  )
}

export async function routeGatewayTo(context: BrowserContext, origin: string): Promise<void> {
  const origins = gatewayOrigins()
  origins.delete(origin)
  if (origins.size === 0) return
  await context.route(
    (url) => origins.has(url.origin),
    (route) => {
      const url = new URL(route.request().url())
      return route.continue({ url: origin + url.pathname + url.search })
    }
  )
}

/**
 * A team's build: RELIGHT_GATEWAY_URL names the only origin the plugin may call (networkAccess.allowedDomains)
 * and is baked into the UI as the default gateway, so a designer pastes only a token.
 */
import { afterEach, describe, expect, it } from 'vitest'

import pkg from '../../package.json' with { type: 'json' }

type Manifest = (typeof pkg)['figma-plugin'] & {
  networkAccess: { allowedDomains: string[]; devAllowedDomains: string[] }
}

// The build hooks are plain JS files that create-figma-plugin loads; import them as the build does.
const manifestModule = (await import(
  new URL('../../build-figma-plugin.manifest.js', import.meta.url).href
)) as {
  default: (manifest: unknown) => Manifest
  gatewayUrlFromEnv: () => string
}
const uiModule = (await import(new URL('../../build-figma-plugin.ui.js', import.meta.url).href)) as {
  default: (options: { define: Record<string, string> }) => { define: Record<string, string> }
}
const { default: manifestHook, gatewayUrlFromEnv } = manifestModule
const uiHook = uiModule.default

const saved = process.env.RELIGHT_GATEWAY_URL
afterEach(() => {
  if (saved === undefined) delete process.env.RELIGHT_GATEWAY_URL
  else process.env.RELIGHT_GATEWAY_URL = saved
})

const source = pkg['figma-plugin']

describe('plugin manifest for a team', () => {
  it('bakes RELIGHT_GATEWAY_URL into networkAccess.allowedDomains: its origin and its Live socket, nothing else', () => {
    process.env.RELIGHT_GATEWAY_URL = 'https://relight.example.com/'
    const manifest = manifestHook(source)
    expect(manifest.networkAccess.allowedDomains).toEqual([
      'https://relight.example.com',
      'wss://relight.example.com'
    ])
    expect(manifest.networkAccess.devAllowedDomains).toEqual(['http://localhost:8787', 'ws://localhost:8787'])
    expect(manifest.networkAccess.reasoning).toMatch(/gateway/)
    expect(manifest.id).toBe(source.id)
  })

  it('keeps a port: the allowed domain is the origin', () => {
    process.env.RELIGHT_GATEWAY_URL = 'https://gw.example.com:8443'
    expect(manifestHook(source).networkAccess.allowedDomains).toEqual([
      'https://gw.example.com:8443',
      'wss://gw.example.com:8443'
    ])
  })

  it('bakes the same URL into the UI bundle as the default gateway', () => {
    process.env.RELIGHT_GATEWAY_URL = 'https://relight.example.com'
    const options = uiHook({ define: {} })
    expect(options.define.__RELIGHT_GATEWAY_URL__).toBe(JSON.stringify('https://relight.example.com'))
  })

  it('defaults to localhost without the variable, and stops the build on a bad URL', () => {
    delete process.env.RELIGHT_GATEWAY_URL
    expect(manifestHook(source).networkAccess.allowedDomains).toEqual([
      'http://localhost:8787',
      'ws://localhost:8787'
    ])
    process.env.RELIGHT_GATEWAY_URL = 'relight.example.com'
    expect(() => gatewayUrlFromEnv()).toThrow(/RELIGHT_GATEWAY_URL is not a URL/)
    process.env.RELIGHT_GATEWAY_URL = 'ftp://relight.example.com'
    expect(() => manifestHook(source)).toThrow(/must start with https:\/\/ or http:\/\//)
  })

  it('carries no IP literal anywhere in the manifest, in the source or the built one', () => {
    delete process.env.RELIGHT_GATEWAY_URL
    const ipLiteral = /\/\/(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])(:\d+)?/i
    for (const manifest of [source, manifestHook(source)]) {
      const domains = [...manifest.networkAccess.allowedDomains, ...manifest.networkAccess.devAllowedDomains]
      expect(domains.filter((domain) => ipLiteral.test(domain))).toEqual([])
    }
  })

  it('refuses, in one line naming the problem, a gateway URL Figma would reject or block', () => {
    const refused: [string, RegExp][] = [
      ['http://127.0.0.1:8787', /not IP addresses; use http:\/\/localhost:8787/],
      ['https://[::1]:8443', /not IP addresses/],
      ['https://10.0.0.7', /not IP addresses/],
      ['http://relight.example.com', /plain http works only for localhost/],
      ['https://relight.example.com/api', /origin only, e\.g\. https:\/\/relight\.example\.com/],
      ['https://relight.example.com/?team=a', /no path, query or fragment/],
      ['https://relight.example.com/#x', /no path, query or fragment/],
      ['https://user:secret@relight.example.com', /user name or password/],
      ['https://gateway', /not a full domain name/],
      ['wss://relight.example.com', /must start with https:\/\/ or http:\/\//]
    ]
    for (const [url, reason] of refused) {
      process.env.RELIGHT_GATEWAY_URL = url
      let message = ''
      try {
        manifestHook(source)
      } catch (error) {
        message = (error as Error).message
      }
      expect(message, url).toMatch(reason)
      expect(message.includes('\n'), url).toBe(false)
    }
    for (const url of [
      'https://relight.example.com',
      'http://localhost:9000',
      'https://gw.example.com:8443/'
    ]) {
      process.env.RELIGHT_GATEWAY_URL = url
      expect(() => manifestHook(source), url).not.toThrow()
    }
  })
})

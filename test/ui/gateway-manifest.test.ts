/**
 * Settings accept only a gateway the build's manifest lets the plugin reach (Figma blocks the rest with a
 * CSP error): the UI build bakes the manifest's domains in, and any other address is flagged before any
 * request with the rebuild line.
 */
import process from 'node:process'

import { afterEach, describe, expect, it } from 'vitest'

import { domainAllows, outsideManifestProblem } from '../../ui/lib/allowed-gateway.js'
import { gatewayUrlProblem } from '../../ui/lib/gateway-url-problem.js'

// The build hook is a plain JS file that create-figma-plugin loads; import it as the build does.
const uiBuild = (
  (await import(new URL('../../build-figma-plugin.ui.js', import.meta.url).href)) as {
    default: (options: { define: Record<string, string> }) => { define: Record<string, string> }
  }
).default

const BUILT = ['http://localhost:8787', 'http://127.0.0.1:8787']

describe('gateway URL against the manifest', () => {
  it('accepts the addresses the manifest allows, and empty (the built-in gateway)', () => {
    for (const url of [
      '',
      'http://localhost:8787',
      'http://localhost:8787/',
      'http://127.0.0.1:8787/relight'
    ]) {
      expect(gatewayUrlProblem(url, BUILT), url).toBeUndefined()
    }
  })

  it('flags any other address with the origins it may reach and the rebuild line', () => {
    expect(gatewayUrlProblem('https://relight.example.com', BUILT)).toBe(
      'This build may only reach http://localhost:8787, http://127.0.0.1:8787; rebuild with ' +
        'RELIGHT_GATEWAY_URL=https://relight.example.com to use this gateway (Figma blocks any other ' +
        'address), or clear this field.'
    )
    expect(gatewayUrlProblem('http://localhost:9000', BUILT)).toMatch(
      /^This build may only reach .*; rebuild with RELIGHT_GATEWAY_URL=http:\/\/localhost:9000 /
    )
    expect(gatewayUrlProblem('https://localhost:8787', BUILT)).toMatch(/This build may only reach/)
  })

  it("matches Figma's domain forms: any, scheme-less, wildcard subdomains, default ports, path prefixes", () => {
    const url = (text: string) => new URL(text)
    expect(domainAllows('*', url('https://anything.test'))).toBe(true)
    expect(domainAllows('relight.example.com', url('https://relight.example.com'))).toBe(true)
    expect(domainAllows('relight.example.com', url('http://relight.example.com'))).toBe(true)
    expect(domainAllows('https://relight.example.com', url('http://relight.example.com'))).toBe(false)
    expect(domainAllows('*.example.com', url('https://relight.example.com'))).toBe(true)
    expect(domainAllows('*.example.com', url('https://example.com'))).toBe(false)
    expect(domainAllows('https://relight.example.com:443', url('https://relight.example.com'))).toBe(true)
    expect(domainAllows('https://relight.example.com', url('https://relight.example.com:8443'))).toBe(false)
    expect(domainAllows('https://x.test/relight/', url('https://x.test/relight/v1'))).toBe(true)
    expect(domainAllows('https://x.test/relight/', url('https://x.test/other'))).toBe(false)
    expect(outsideManifestProblem(url('https://x.test'), undefined)).toBeUndefined()
  })
})

describe('the UI build', () => {
  const saved = process.env.RELIGHT_GATEWAY_URL
  afterEach(() => {
    if (saved === undefined) delete process.env.RELIGHT_GATEWAY_URL
    else process.env.RELIGHT_GATEWAY_URL = saved
  })

  it("bakes in the manifest's domains, the configured gateway among them", () => {
    process.env.RELIGHT_GATEWAY_URL = 'https://relight.example.com/'
    const options = uiBuild({ define: {} })
    const domains = JSON.parse(options.define.__RELIGHT_ALLOWED_DOMAINS__!) as string[]
    expect(domains).toContain('https://relight.example.com')
    expect(domains.every((domain) => /^https?:\/\/[^/]+$/.test(domain))).toBe(true)
    expect(JSON.parse(options.define.__RELIGHT_GATEWAY_URL__!)).toBe('https://relight.example.com')
  })
})

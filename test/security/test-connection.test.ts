/**
 * The plugin's "Test connection" against the real gateway with tokens: it says exactly what is wrong
 * (unreachable, no token, bad or revoked token, quota used up, rate limited), in the gateway's words.
 */
// test-connection-async imports @create-figma-plugin/utilities, which needs a `figma` when imported.
import '../ui/install-fake-figma.js'

import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { createGatewayClient } from '../../src/protocol/client.js'
import { settingsWords } from '../../ui/lib/settings-words.js'
import { testConnectionAsync } from '../../ui/lib/test-connection-async.js'
import { fixture, STUDIO } from '../gateway/helpers.js'
import { form, removeTempDirs, type SecureGateway, startSecureGateway } from './helpers.js'

let gw: SecureGateway | undefined
afterEach(async () => {
  await gw?.dispose()
  gw = undefined
})
afterAll(removeTempDirs)

const test = (token?: string) =>
  testConnectionAsync(
    createGatewayClient({ baseUrl: gw!.url, words: settingsWords, ...(token ? { token } : {}) })
  )

describe('Test connection against the real gateway', () => {
  it('connects with a good token and says how many images are left, or nothing for unlimited', async () => {
    gw = await startSecureGateway({ tokens: { alice: 200, bob: null } })
    expect(await test(gw.tokens.alice)).toEqual({
      ok: true,
      message: expect.stringMatching(
        /^Connected to the gateway .* 200 images left today \(resets at 00:00 UTC\)\.$/
      )
    })
    const unlimited = await test(gw.tokens.bob)
    expect(unlimited.ok).toBe(true)
    expect(unlimited.message).not.toMatch(/null|left today/)
  })

  it('says a token is needed, or that it was not accepted', async () => {
    gw = await startSecureGateway()
    expect(await test()).toEqual({ ok: false, message: expect.stringMatching(/needs a token/) })
    expect(await test(`rlt_${'x'.repeat(43)}`)).toEqual({
      ok: false,
      message: expect.stringMatching(/^The gateway did not accept this token\. Check it in Settings/)
    })
  })

  it('says the quota is used up', async () => {
    gw = await startSecureGateway({ tokens: { alice: 1 } })
    const body = form(STUDIO, fixture('coffee.png'))
    expect((await gw.call('/v1/relight', { method: 'POST', body, token: gw.tokens.alice! })).status).toBe(202)
    expect(await test(gw.tokens.alice)).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^Connected, but your quota is used up until .*\. Ask your admin for more\.$/
      )
    })
  })

  it("shows the gateway's rate-limit message as is", async () => {
    gw = await startSecureGateway({ config: { rateLimit: { points: 1, windowSeconds: 60 } } })
    await gw.call('/v1/models', { token: gw.tokens.alice! })
    const report = await test(gw.tokens.alice)
    expect(report).toEqual({
      ok: false,
      message: expect.stringMatching(/^Too many requests; try again in \d+ s\.$/)
    })
  })

  it('says the gateway is unreachable', async () => {
    gw = await startSecureGateway()
    await gw.close()
    expect(await test(gw.tokens.alice)).toEqual({
      ok: false,
      message: expect.stringMatching(/^Can't reach the gateway at http:\/\/127\.0\.0\.1:\d+/)
    })
  })
})

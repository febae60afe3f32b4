// test-connection-async imports @create-figma-plugin/utilities, which needs a `figma` when imported.
import './install-fake-figma.js'

import type { ServerResponse } from 'node:http'

import { afterEach, describe, expect, it } from 'vitest'

import { createGatewayClient } from '../../src/protocol/client.js'
import { settingsWords } from '../../ui/lib/settings-words.js'
import { formatResetTime, testConnectionAsync } from '../../ui/lib/test-connection-async.js'
import { sendJson as json, serve, stopServing } from '../helpers/loopback.js'

function gateway(
  answer: (path: string, auth: string | undefined, response: ServerResponse) => void
): Promise<string> {
  return serve((request, response) => answer(request.url ?? '', request.headers.authorization, response))
}

const models = {
  models: [
    { id: 'local/studio', available: true },
    { id: 'fal/iclight-v2', available: false }
  ],
  defaultModel: 'local/studio'
}

/** A gateway with auth on: the token "good" works, and its quota is `remaining`. */
function teamGateway(remaining: number) {
  return gateway((path, auth, response) => {
    if (path === '/healthz') return json(response, 200, { ok: true, version: '0.1.0' })
    if (auth !== 'Bearer good')
      return json(response, 401, {
        error: {
          code: 'invalid_token',
          message:
            'The gateway did not accept this token. Check it in Settings, or ask your admin for a new one.'
        }
      })
    if (path === '/v1/models') return json(response, 200, models)
    if (path === '/v1/usage') return json(response, 200, { used: 200 - remaining, limit: 200, remaining })
    json(response, 404, { error: { code: 'not_found', message: 'Not found.' } })
  })
}

afterEach(stopServing)

describe('Test connection', () => {
  it('reports a working connection with the models available', async () => {
    const url = await teamGateway(150)
    expect(
      await testConnectionAsync(createGatewayClient({ baseUrl: url, words: settingsWords, token: 'good' }))
    ).toEqual({
      ok: true,
      message: 'Connected to the gateway (version 0.1.0). 1 of 2 models available. 150 images left today.'
    })
  })

  it('says the gateway is unreachable', async () => {
    const url = await teamGateway(1)
    await stopServing()
    const report = await testConnectionAsync(
      createGatewayClient({ baseUrl: url, words: settingsWords, token: 'good' })
    )
    expect(report).toEqual({
      ok: false,
      message: expect.stringMatching(/^Can't reach the gateway at http:\/\/127\.0\.0\.1/)
    })
  })

  it('says the token is wrong', async () => {
    const url = await teamGateway(1)
    const report = await testConnectionAsync(
      createGatewayClient({ baseUrl: url, words: settingsWords, token: 'bad' })
    )
    expect(report).toEqual({ ok: false, message: expect.stringMatching(/did not accept this token/) })
  })

  it("says a revoked token was revoked, in the gateway's own words", async () => {
    const message = 'This token was revoked. Ask your admin for a new one.'
    const url = await gateway((path, _auth, response) =>
      path === '/healthz'
        ? json(response, 200, { ok: true, version: '0.1.0' })
        : json(response, 401, { error: { code: 'token_revoked', message } })
    )
    const report = await testConnectionAsync(
      createGatewayClient({ baseUrl: url, words: settingsWords, token: 'old' })
    )
    expect(report).toEqual({ ok: false, message })
  })

  it('says "1 image left" in the singular, and the reset time in UTC like the gateway does', async () => {
    const resetAt = new Date(Date.now() + 3600_000)
    resetAt.setUTCMinutes(0, 0, 0)
    const url = await gateway((path, _auth, response) => {
      if (path === '/healthz') return json(response, 200, { ok: true, version: '0.1.0' })
      if (path === '/v1/models') return json(response, 200, models)
      json(response, 200, { used: 199, limit: 200, remaining: 1, resetAt: resetAt.toISOString() })
    })
    const report = await testConnectionAsync(createGatewayClient({ baseUrl: url, words: settingsWords }))
    const hh = String(resetAt.getUTCHours()).padStart(2, '0')
    expect(report.message).toContain(` 1 image left today (resets at ${hh}:00 UTC).`)
    expect(report.message).not.toMatch(/1 images/)
  })

  it('says when a used-up quota resets in UTC, not in local time', async () => {
    const resetAt = '2099-01-02T00:00:00.000Z'
    const url = await gateway((path, _auth, response) => {
      if (path === '/healthz') return json(response, 200, { ok: true, version: '0.1.0' })
      if (path === '/v1/models') return json(response, 200, models)
      json(response, 200, { used: 5, limit: 5, remaining: 0, resetAt })
    })
    const report = await testConnectionAsync(createGatewayClient({ baseUrl: url, words: settingsWords }))
    expect(report).toEqual({
      ok: false,
      message:
        'Connected, but your quota is used up until it resets at 2099-01-02 00:00 UTC. Ask your admin for more.'
    })
    expect(formatResetTime('2026-01-02T00:00:00Z', Date.parse('2026-01-01T18:00:00Z'))).toBe('00:00 UTC')
  })

  it('says the quota is used up', async () => {
    const url = await teamGateway(0)
    const report = await testConnectionAsync(
      createGatewayClient({ baseUrl: url, words: settingsWords, token: 'good' })
    )
    expect(report).toEqual({
      ok: false,
      message: 'Connected, but your quota is used up. Ask your admin for more.'
    })
  })

  it('passes on a 429 with when to try again', async () => {
    const url = await gateway((path, _auth, response) =>
      path === '/healthz'
        ? json(response, 200, { ok: true, version: '0.1.0' })
        : json(
            response,
            429,
            { error: { code: 'rate_limited', message: 'Too many requests from your token.' } },
            { 'retry-after': '30' }
          )
    )
    const report = await testConnectionAsync(createGatewayClient({ baseUrl: url, words: settingsWords }))
    expect(report).toEqual({
      ok: false,
      message: 'Too many requests from your token. Try again in 30 seconds.'
    })
  })

  it('works with a gateway that has no usage endpoint', async () => {
    const url = await gateway((path, _auth, response) =>
      path === '/healthz'
        ? json(response, 200, { ok: true, version: '0.1.0' })
        : path === '/v1/models'
          ? json(response, 200, models)
          : json(response, 404, {})
    )
    expect(
      await testConnectionAsync(createGatewayClient({ baseUrl: url, words: settingsWords }))
    ).toMatchObject({ ok: true })
  })
})

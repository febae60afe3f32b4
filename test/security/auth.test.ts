/** Tokens against the real server on loopback: who gets in, whose jobs they see, and where auth may be off. */
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { tokensCommand } from '../../src/gateway/admin/tokens-command.js'
import { ConfigError } from '../../src/gateway/env.js'
import type { RunningGateway } from '../../src/gateway/server.js'
import type { JobListView, JobView } from '../../src/protocol/api.js'
import { fixture, GatedProvider, startTestGateway, STUDIO, waitFor } from '../gateway/helpers.js'
import {
  createTokens,
  errorOf,
  form,
  removeTempDirs,
  type SecureGateway,
  startSecureGateway,
  tempDataDir
} from './helpers.js'

let gw: SecureGateway | undefined
let plain: RunningGateway | undefined
afterEach(async () => {
  await gw?.dispose()
  await plain?.close()
  gw = plain = undefined
})
afterAll(removeTempDirs)

async function relight(g: SecureGateway, token: string): Promise<string> {
  const response = await g.call('/v1/relight', {
    method: 'POST',
    body: form(STUDIO, fixture('coffee.png')),
    token
  })
  expect(response.status).toBe(202)
  return ((await response.json()) as { id: string }).id
}

describe('bearer tokens', () => {
  it('no token → 401 with WWW-Authenticate and a message; /healthz stays open', async () => {
    gw = await startSecureGateway()
    const response = await gw.call('/v1/models')
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(await errorOf(response)).toMatchObject({
      code: 'token_required',
      message: expect.stringMatching(/token/)
    })
    expect((await gw.call('/healthz')).status).toBe(200)
  })

  it('a wrong token → 401, whether malformed or well-formed but unknown', async () => {
    gw = await startSecureGateway()
    const forged = `rlt_${'A'.repeat(43)}`
    for (const token of ['nonsense', forged, `${gw.tokens.alice}x`]) {
      const response = await gw.call('/v1/jobs', { token })
      expect(response.status).toBe(401)
      expect((await errorOf(response)).code).toBe('invalid_token')
    }
    expect((await gw.call('/v1/jobs', { token: gw.tokens.alice })).status).toBe(200)
  })

  it('a token revoked by the admin command while the gateway runs → 401 on its next request', async () => {
    gw = await startSecureGateway()
    expect((await gw.call('/v1/models', { token: gw.tokens.bob })).status).toBe(200)
    const io = { env: { RELIGHT_DATA_DIR: gw.dataDir }, out: () => undefined, err: () => undefined }
    expect(await tokensCommand(['revoke', 'bob'], io)).toBe(0)
    const response = await gw.call('/v1/models', { token: gw.tokens.bob })
    expect(response.status).toBe(401)
    expect((await errorOf(response)).code).toBe('token_revoked')
    expect((await gw.call('/v1/models', { token: gw.tokens.alice })).status).toBe(200)
  })

  it("another token's job id → 404 on every job route, and it is not in the list", async () => {
    const gated = new GatedProvider()
    gw = await startSecureGateway({ overrides: { providers: { local: gated } } })
    const { alice, bob } = gw.tokens
    const id = await relight(gw, alice!)
    await waitFor(async () => (gated.started.includes(id) ? true : undefined), 'the job to start')
    const routes: [string, string][] = [
      ['GET', `/v1/jobs/${id}`],
      ['GET', `/v1/jobs/${id}/events`],
      ['GET', `/v1/jobs/${id}/images/0`],
      ['POST', `/v1/jobs/${id}/cancel`],
      ['POST', `/v1/jobs/${id}/inserted`]
    ]
    for (const [method, path] of routes) {
      const response = await gw.call(path, { method, token: bob! })
      expect(response.status, `${method} ${path}`).toBe(404)
      expect((await errorOf(response)).code).toBe('job_not_found')
    }
    const bobs = (await (await gw.call('/v1/jobs', { token: bob! })).json()) as JobListView
    expect(bobs.jobs).toEqual([])
    const alices = (await (await gw.call('/v1/jobs', { token: alice! })).json()) as JobListView
    expect(alices.jobs.map((job) => job.id)).toEqual([id])
    gated.release(id)
    const done = await waitFor(async () => {
      const job = (await (await gw!.call(`/v1/jobs/${id}`, { token: alice! })).json()) as JobView
      return job.status === 'succeeded' ? job : undefined
    }, 'the job to succeed')
    expect((await gw.call(done.images[0]!.url, { token: bob! })).status).toBe(404)
    expect((await gw.call(done.images[0]!.url, { token: alice! })).status).toBe(200)
  })

  it('a 401 still carries CORS for the plugin iframe, so the plugin can read why', async () => {
    gw = await startSecureGateway()
    const response = await gw.call('/v1/models', { headers: { Origin: 'null' } })
    expect(response.status).toBe(401)
    expect(response.headers.get('access-control-allow-origin')).toBe('null')
  })
})

describe('where auth may be off', () => {
  it('on loopback with no tokens, auth is off: requests are the local owner', async () => {
    plain = await startTestGateway({ dataDir: tempDataDir() })
    expect((await fetch(`${plain.url}/v1/jobs`)).status).toBe(200)
  })

  it('on loopback, once a token exists (even created while running), every /v1 call needs one', async () => {
    const dataDir = tempDataDir()
    plain = await startTestGateway({ dataDir })
    expect((await fetch(`${plain.url}/v1/jobs`)).status).toBe(200)
    const { carol } = createTokens(dataDir, { carol: null })
    expect((await fetch(`${plain.url}/v1/jobs`)).status).toBe(401)
    const authed = await fetch(`${plain.url}/v1/jobs`, { headers: { Authorization: `Bearer ${carol}` } })
    expect(authed.status).toBe(200)
  })

  it('listening on another address without tokens is refused with one line naming the fix', async () => {
    const start = startTestGateway({ dataDir: tempDataDir(), host: '0.0.0.0' })
    await expect(start).rejects.toBeInstanceOf(ConfigError)
    await expect(start).rejects.toThrow(/^HOST=0\.0\.0\.0 .*no gateway token exists.*tokens create/)
    const error = (await start.catch((e: unknown) => e)) as Error
    expect(error.message).not.toContain('\n')
  })

  it('RELIGHT_AUTH=required refuses to start on loopback without tokens, and needs one once started', async () => {
    const dataDir = tempDataDir()
    const start = startTestGateway({ dataDir, authRequired: true })
    await expect(start).rejects.toThrow(/^RELIGHT_AUTH=required but no gateway token exists/)
    createTokens(dataDir, { erin: null })
    plain = await startTestGateway({ dataDir, authRequired: true })
    expect((await fetch(`${plain.url}/v1/jobs`)).status).toBe(401)
  })

  it('listening on another address with an active token starts, with auth on', async () => {
    const dataDir = tempDataDir()
    createTokens(dataDir, { dave: null })
    plain = await startTestGateway({ dataDir, host: '0.0.0.0' })
    const port = new URL(plain.url).port
    expect((await fetch(`http://127.0.0.1:${port}/v1/jobs`)).status).toBe(401)
  })
})

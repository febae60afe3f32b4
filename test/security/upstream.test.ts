/**
 * What crosses the gateway: fake providers on loopback record every header they receive while designers
 * relight with their tokens. No client Authorization ever goes upstream; no provider key or client token
 * shows up in any response or log line; request logs carry a request id and the token's name.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import type { JobView } from '../../src/protocol/api.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { type FakeReplicate, startFakeReplicate } from '../../testkit/fakes/replicate.js'
import { type FakeSegmind, startFakeSegmind } from '../../testkit/fakes/segmind.js'
import { fixture, STUDIO } from '../gateway/helpers.js'
import {
  form,
  leaks,
  removeTempDirs,
  type SecureGateway,
  SENTINEL_KEYS,
  startSecureGateway
} from './helpers.js'

let gw: SecureGateway | undefined
let fakes: { fal: FakeFal; segmind: FakeSegmind; replicate: FakeReplicate } | undefined
afterEach(async () => {
  await gw?.dispose()
  await Promise.all(Object.values(fakes ?? {}).map((fake) => fake.close()))
  gw = fakes = undefined
})
afterAll(removeTempDirs)

async function setUp(): Promise<SecureGateway> {
  fakes = {
    fal: await startFakeFal({ key: SENTINEL_KEYS.FAL_KEY, queuePolls: 0, progressPolls: 1 }),
    segmind: await startFakeSegmind({ key: SENTINEL_KEYS.SEGMIND_API_KEY }),
    replicate: await startFakeReplicate({
      token: SENTINEL_KEYS.REPLICATE_API_TOKEN,
      startingPolls: 0,
      processingPolls: 1
    })
  }
  const providerUrls = { fal: fakes.fal.url, segmind: fakes.segmind.url, replicate: fakes.replicate.url }
  gw = await startSecureGateway({ config: { providerUrls } })
  return gw
}

/**
 * Relights through the gateway and waits for the end on the job's event stream: one request, however long
 * the provider takes. (Polling GET /v1/jobs/:id every 20 ms spent the token's 120 requests a minute when
 * three jobs ran at once and Replicate took a little longer; every later poll got a 429, which the loop
 * read as "not finished yet" until it timed out.)
 */
async function relightThrough(g: SecureGateway, token: string, model: string): Promise<JobView> {
  const params = { ...STUDIO, model }
  const response = await g.call('/v1/relight', {
    method: 'POST',
    body: form(params, fixture('coffee.png')),
    token
  })
  expect(response.status, await response.clone().text()).toBe(202)
  const { id } = (await response.json()) as { id: string }
  const events = await g.call(`/v1/jobs/${id}/events`, { token, signal: AbortSignal.timeout(20_000) })
  expect(events.status, `${model} events`).toBe(200)
  const views = (await events.text())
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => JSON.parse(line.slice(5)) as JobView)
  const job = views.at(-1)
  expect(job?.status, `${model}: the stream ended without a final state`).toMatch(
    /^(succeeded|failed|canceled)$/
  )
  for (const image of job!.images) expect((await g.call(image.url, { token })).status).toBe(200)
  expect((await g.call(`/v1/jobs/${id}`, { token })).status).toBe(200)
  return job!
}

describe('upstream calls and leaks', () => {
  it("never forwards the client's Authorization header to any provider", async () => {
    const g = await setUp()
    const token = g.tokens.alice!
    const models = ['fal/iclight-v2', 'segmind/ic-light', 'replicate/icl-glob-v1']
    const outcomes = await Promise.all(models.map((model) => relightThrough(g, token, model)))
    expect(outcomes.map((job) => `${job.model} ${job.status}`)).toEqual(
      models.map((model) => `${model} succeeded`)
    )
    const upstream = Object.entries(fakes!).flatMap(([name, fake]) =>
      fake.requests.map((req) => ({ name, req }))
    )
    expect(upstream.length).toBeGreaterThanOrEqual(3)
    for (const { name, req } of upstream) {
      const headers = JSON.stringify(req.headers)
      expect(headers, `${name} ${req.method} ${req.path}`).not.toContain(token)
      expect(headers).not.toContain('rlt_')
      const expected = {
        fal: `Key ${SENTINEL_KEYS.FAL_KEY}`,
        replicate: `Bearer ${SENTINEL_KEYS.REPLICATE_API_TOKEN}`
      }
      // Whatever Authorization a provider sees is the gateway's own key for it (or none at all).
      if (req.headers.authorization !== undefined) {
        expect(req.headers.authorization).toBe(expected[name as keyof typeof expected])
      }
      expect(req.rawBody).not.toContain(token)
    }
  })

  it('no provider key or token appears in any response body, header or log line', async () => {
    const g = await setUp()
    const { alice, bob } = g.tokens
    await relightThrough(g, alice!, 'fal/iclight-v2')
    await relightThrough(g, bob!, 'local/studio')
    await g.call('/v1/models', { token: alice! })
    await g.call('/v1/usage', { token: bob! })
    await g.call('/v1/jobs', { token: alice! })
    await g.call('/v1/jobs', { token: `${alice}-wrong` })
    await g.call('/v1/models', { headers: { Authorization: `Basic ${SENTINEL_KEYS.FAL_KEY}` } })
    expect(g.responses.length).toBeGreaterThan(10)
    expect(g.logLines.length).toBeGreaterThan(10)
    expect(leaks(g, [...Object.values(SENTINEL_KEYS), alice!, bob!])).toEqual([])
  })

  it('request logs carry a request id and the token name, never the token', async () => {
    const g = await startSecureGateway()
    gw = g
    const response = await g.call('/v1/jobs', { token: g.tokens.alice! })
    const requestId = response.headers.get('x-request-id')
    const line = g.logLines
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.requestId === requestId)
    expect(line).toMatchObject({
      msg: 'request',
      method: 'GET',
      path: '/v1/jobs',
      status: 200,
      caller: 'alice'
    })
    expect(JSON.stringify(line)).not.toContain('rlt_')
    await g.call('/v1/jobs', { token: 'rlt_not-a-real-token' })
    const refused = g.logLines
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .filter((entry) => entry.status === 401)
    expect(refused).toHaveLength(1)
    expect(refused[0]).not.toHaveProperty('caller')
    expect(g.logLines.join('\n')).not.toContain('rlt_not-a-real-token')
  })
})

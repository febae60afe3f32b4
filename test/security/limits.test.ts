/** Per-token rate limit and daily image quota: 429 + Retry-After + a message the plugin shows as is. */
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { ProviderError, type SyncProvider } from '../../src/gateway/providers/contract.js'
import { SqliteJobStore } from '../../src/gateway/store/sqlite-store.js'
import type { JobView } from '../../src/protocol/api.js'
import { fixture, GatedProvider, STUDIO, waitFor } from '../gateway/helpers.js'
import {
  errorOf,
  form,
  removeTempDirs,
  type SecureGateway,
  startSecureGateway,
  tempDataDir
} from './helpers.js'

let gw: SecureGateway | undefined
afterEach(async () => {
  await gw?.dispose()
  gw = undefined
})
afterAll(removeTempDirs)

const ONE_AT_A_TIME = { local: 1, fal: 1, replicate: 1, segmind: 1 }

function relight(
  token: string,
  params: object = STUDIO,
  headers: Record<string, string> = {}
): Promise<Response> {
  return gw!.call('/v1/relight', {
    method: 'POST',
    body: form(params, fixture('coffee.png')),
    token,
    headers
  })
}

async function finished(token: string, id: string): Promise<JobView> {
  return waitFor(async () => {
    const job = (await (await gw!.call(`/v1/jobs/${id}`, { token })).json()) as JobView
    return ['succeeded', 'failed', 'canceled'].includes(job.status) ? job : undefined
  }, `job ${id} to finish`)
}

async function used(token: string): Promise<number> {
  return ((await (await gw!.call('/v1/usage', { token })).json()) as { used: number }).used
}

describe('rate limit', () => {
  it('200 requests in a burst from one token: the rest get 429 + Retry-After, and the gateway keeps serving', async () => {
    gw = await startSecureGateway({ config: { rateLimit: { points: 60, windowSeconds: 60 } } })
    const { alice, bob } = gw.tokens
    const burst = await Promise.all(
      Array.from({ length: 200 }, () => gw!.call('/v1/jobs', { token: alice! }))
    )
    const statuses = burst.map((response) => response.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(60)
    expect(statuses.filter((status) => status === 429)).toHaveLength(140)
    for (const response of burst.filter((r) => r.status === 429)) {
      const seconds = Number(response.headers.get('retry-after'))
      expect(seconds).toBeGreaterThanOrEqual(1)
      expect(seconds).toBeLessThanOrEqual(60)
      expect(await errorOf(response)).toEqual({
        code: 'rate_limited',
        message: `Too many requests; try again in ${seconds} s.`
      })
    }
    expect((await gw.call('/healthz')).status).toBe(200)
    const other = await relight(bob!)
    expect(other.status).toBe(202)
    const job = await finished(bob!, ((await other.json()) as { id: string }).id)
    expect(job.status).toBe('succeeded')
  })
})

describe('daily quota', () => {
  it('counts images at submit and refuses with the quota message and Retry-After until 00:00 UTC', async () => {
    gw = await startSecureGateway({ tokens: { alice: 3, bob: null } })
    const alice = gw.tokens.alice!
    expect((await relight(alice, { ...STUDIO, numImages: 2 })).status).toBe(202)
    const tooMany = await relight(alice, { ...STUDIO, numImages: 2 })
    expect(tooMany.status).toBe(429)
    expect((await errorOf(tooMany)).message).toMatch(
      /^This relight makes 2 images, but only 1 image is left of today's 3;/
    )
    expect((await relight(alice, STUDIO)).status).toBe(202)
    const spent = await relight(alice, STUDIO)
    expect(spent.status).toBe(429)
    expect(await errorOf(spent)).toEqual({
      code: 'quota_exceeded',
      message: "You've used today's 3 relights; the quota resets at 00:00 UTC."
    })
    const midnight = new Date()
    midnight.setUTCHours(24, 0, 0, 0)
    const untilMidnight = (midnight.getTime() - Date.now()) / 1000
    expect(Math.abs(Number(spent.headers.get('retry-after')) - untilMidnight)).toBeLessThan(5)
    const usage = await (await gw.call('/v1/usage', { token: alice })).json()
    expect(usage).toMatchObject({
      name: 'alice',
      used: 3,
      limit: 3,
      remaining: 0,
      resetAt: midnight.toISOString()
    })
    expect(usage.rate).toMatchObject({ limit: 120, windowSeconds: 60, remaining: expect.any(Number) })
    expect((await relight(gw.tokens.bob!)).status).toBe(202) // bob's quota is his own
  })

  it('an unlimited token reports limit and remaining as null', async () => {
    gw = await startSecureGateway()
    expect(await (await gw.call('/v1/usage', { token: gw.tokens.bob! })).json()).toMatchObject({
      name: 'bob',
      used: 0,
      limit: null,
      remaining: null
    })
  })

  it('takes nothing for a refused submit or an idempotent replay', async () => {
    gw = await startSecureGateway({ tokens: { alice: 5 } })
    const alice = gw.tokens.alice!
    expect((await relight(alice, { ...STUDIO, steps: 'many' })).status).toBe(400)
    expect((await relight(alice, { ...STUDIO, model: 'nope/none' })).status).toBe(400)
    expect(await used(alice)).toBe(0)
    const key = { 'Idempotency-Key': 'same-relight' }
    expect((await relight(alice, { ...STUDIO, numImages: 2 }, key)).status).toBe(202)
    expect((await relight(alice, { ...STUDIO, numImages: 2 }, key)).headers.get('idempotent-replayed')).toBe(
      'true'
    )
    expect(await used(alice)).toBe(2)
  })

  it('refunds a job canceled before the provider was called, not one the provider failed', async () => {
    const gated = new GatedProvider()
    gw = await startSecureGateway({
      tokens: { alice: 10 },
      config: { concurrency: ONE_AT_A_TIME },
      overrides: { providers: { local: gated } }
    })
    const alice = gw.tokens.alice!
    const first = ((await (await relight(alice)).json()) as { id: string }).id
    const waiting = ((await (await relight(alice, { ...STUDIO, numImages: 3 })).json()) as { id: string }).id
    await waitFor(async () => (gated.started.includes(first) ? true : undefined), 'the first job to start')
    expect(await used(alice)).toBe(4)
    expect((await gw.call(`/v1/jobs/${waiting}/cancel`, { method: 'POST', token: alice })).status).toBe(200)
    await waitFor(async () => ((await used(alice)) === 1 ? true : undefined), 'the refund')
    gated.release(first)
    expect((await finished(alice, first)).status).toBe('succeeded')
    expect(await used(alice)).toBe(1)
  })

  it('keeps the images of a job that failed at the provider (it was called)', async () => {
    const failing: SyncProvider = {
      name: 'local',
      kind: 'sync',
      run: async () => {
        throw new ProviderError('no_credits', 'The provider is out of credits.')
      }
    }
    gw = await startSecureGateway({ tokens: { alice: 10 }, overrides: { providers: { local: failing } } })
    const alice = gw.tokens.alice!
    const id = ((await (await relight(alice, { ...STUDIO, numImages: 2 })).json()) as { id: string }).id
    expect((await finished(alice, id)).status).toBe('failed')
    expect(await used(alice)).toBe(2)
  })

  it("restores today's usage after a restart, from the audit trail (SQLite job store, as serve runs it)", async () => {
    const dataDir = tempDataDir()
    const durable = async () => ({ store: await SqliteJobStore.open({ dir: dataDir }) })
    gw = await startSecureGateway({ tokens: { alice: 5 }, dataDir, overrides: await durable() })
    const { alice } = gw.tokens
    const id = ((await (await relight(alice!, { ...STUDIO, numImages: 3 })).json()) as { id: string }).id
    expect((await finished(alice!, id)).status).toBe('succeeded')
    await gw.close()
    gw = await startSecureGateway({ tokens: { other: null }, dataDir, overrides: await durable() })
    expect(await used(alice!)).toBe(3)
    expect((await relight(alice!, { ...STUDIO, numImages: 3 })).status).toBe(429)
    expect((await gw.call(`/v1/jobs/${id}`, { token: alice! })).status).toBe(200)
  })
})

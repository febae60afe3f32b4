/**
 * With REDIS_URL a token's rate limit and daily quota are counted once across all instances
 * (RateLimiterRedis), so spreading requests over three instances does not triple the allowance, and the
 * audit trail of every instance is one, read by `relight-gateway audit` from Redis.
 */
import { describe, expect, it } from 'vitest'

import { auditCommand } from '../../../src/gateway/admin/audit-command.js'
import type { AuditEntry } from '../../../src/gateway/auth/audit.js'
import { withTokenStorage } from '../../../src/gateway/auth/token-store.js'
import { redisAvailable, uniquePrefix } from '../../../testkit/redis-server.js'
import { tempDataDir } from '../durable/temp-dir.js'
import { fixture, relightForm, STUDIO, waitFor } from '../helpers.js'
import { startInstances, useRedisGateways } from './instances.js'

/** A token in the shared Redis, where every instance with this prefix looks it up. */
async function tokenIn(dataDir: string, redisUrl: string, redisPrefix: string): Promise<string> {
  const created = await withTokenStorage({ dataDir, redisUrl, redisPrefix }, true, (tokens) =>
    tokens.create('ann', null)
  )
  return created!.token
}

describe.skipIf(!redisAvailable)('limits shared by instances', () => {
  const redis = useRedisGateways()
  const running = redis.running

  it('three requests allowed a minute means three in all, not three per instance', async () => {
    const dataDir = tempDataDir()
    const prefix = uniquePrefix()
    const token = await tokenIn(dataDir, redis.url, prefix)
    const gateways = await startInstances(3, redis.url, {
      dataDir,
      redisPrefix: prefix,
      rateLimit: { points: 3, windowSeconds: 60 }
    })
    running.push(...gateways)
    const headers = { authorization: `Bearer ${token}` }
    const statuses: number[] = []
    for (let n = 0; n < 5; n++) {
      statuses.push((await fetch(`${gateways[n % 3]!.url}/v1/models`, { headers })).status)
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429])
  })

  it('a daily quota of 2 images is used up across instances', async () => {
    const dataDir = tempDataDir()
    const prefix = uniquePrefix()
    const token = await tokenIn(dataDir, redis.url, prefix)
    const gateways = await startInstances(2, redis.url, { dataDir, redisPrefix: prefix, dailyQuota: 2 })
    running.push(...gateways)
    const headers = { authorization: `Bearer ${token}` }
    const post = (base: string) =>
      fetch(`${base}/v1/relight`, {
        method: 'POST',
        body: relightForm(STUDIO, fixture('coffee.png')),
        headers
      })
    expect((await post(gateways[0]!.url)).status).toBe(202)
    expect((await post(gateways[1]!.url)).status).toBe(202)
    const third = await post(gateways[0]!.url)
    expect(third.status).toBe(429)
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('quota_exceeded')
  })

  it('one audit trail for all instances: relights submitted on A and B, read with the audit command', async () => {
    const dataDir = tempDataDir()
    const prefix = uniquePrefix()
    const token = await tokenIn(dataDir, redis.url, prefix)
    const gateways = await startInstances(2, redis.url, { dataDir, redisPrefix: prefix })
    running.push(...gateways)
    const headers = { authorization: `Bearer ${token}` }
    const ids: string[] = []
    for (const gateway of gateways) {
      const response = await fetch(`${gateway.url}/v1/relight`, {
        method: 'POST',
        body: relightForm(STUDIO, fixture('coffee.png')),
        headers
      })
      ids.push(((await response.json()) as { id: string }).id)
    }
    const out: string[] = []
    const env = { REDIS_URL: redis.url, RELIGHT_REDIS_PREFIX: prefix, RELIGHT_DATA_DIR: tempDataDir() }
    const read = async (): Promise<AuditEntry[]> => {
      out.length = 0
      expect(await auditCommand(['--json'], { env, out: (line) => out.push(line), err: () => {} })).toBe(0)
      return JSON.parse(out.join('\n')) as AuditEntry[]
    }
    const entries = await waitFor(
      async () => {
        const all = await read()
        return all.filter((entry) => entry.event === 'final').length === 2 ? all : undefined
      },
      'both jobs audited',
      30_000
    )
    expect(
      entries
        .filter((entry) => entry.event === 'submit')
        .map((entry) => entry.jobId)
        .sort()
    ).toEqual([...ids].sort())
    expect(entries.every((entry) => entry.tokenName === 'ann')).toBe(true)
    expect(entries.find((entry) => entry.event === 'final')?.outcome).toBe('succeeded')
  }, 40_000)
})

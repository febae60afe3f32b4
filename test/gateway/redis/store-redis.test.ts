/**
 * The Redis store passes the shared `JobStore` contract against a real redis-server, and shows what
 * only a shared store can: two stores (two gateway instances) see one set of jobs, a status race
 * between them has exactly one winner, and a finished job's retention is a Redis TTL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { IllegalTransitionError } from '../../../src/gateway/jobs/transitions.js'
import { RedisJobStore } from '../../../src/gateway/store/redis/store.js'
import {
  redisAvailable,
  startTestRedis,
  type TestRedis,
  uniquePrefix
} from '../../../testkit/redis-server.js'
import { sampleJob, storeContract } from '../durable/store-contract.js'

const JOB = sampleJob(new Date().toISOString())
const PNG = {
  bytes: new Uint8Array([137, 80, 78, 71, 0, 255]),
  contentType: 'image/png',
  width: 1,
  height: 1
}

describe.skipIf(!redisAvailable)('RedisJobStore', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startTestRedis()
  })
  afterAll(() => redis?.close())

  storeContract('RedisJobStore', (retention) =>
    RedisJobStore.open({ url: redis.url, prefix: uniquePrefix(), ...retention })
  )

  const pair = async (retentionMs?: number) => {
    const prefix = uniquePrefix()
    const options = { url: redis.url, prefix, ...(retentionMs ? { retentionMs } : {}) }
    return [await RedisJobStore.open(options), await RedisJobStore.open(options), prefix] as const
  }

  it('two instances share jobs, idempotency keys and images', async () => {
    const [a, b] = await pair()
    await a.create({ ...JOB, idempotencyKey: 'k', requestHash: 'h' }, { input: PNG })
    await b.update('j1', { providerRequestId: 'req-1', callStartedAt: JOB.createdAt }, JOB.createdAt)
    expect(await a.get('j1')).toMatchObject({ providerRequestId: 'req-1' })
    expect((await b.findByIdempotencyKey('ann', 'k'))?.id).toBe('j1')
    expect(await b.getImage('j1', 'input')).toEqual(PNG)
    expect((await b.listUnfinished()).map((job) => job.id)).toEqual(['j1'])
    await expect(b.create({ ...JOB, id: 'j2', idempotencyKey: 'k' })).rejects.toThrow(/already used/)
    await Promise.all([a.close(), b.close()])
  })

  it('a cancel and a start racing from two instances: one wins, the other is refused', async () => {
    const [a, b] = await pair()
    for (let n = 0; n < 20; n++) {
      const id = `race-${n}`
      await a.create({ ...JOB, id })
      await a.update(id, { status: 'running' }, JOB.createdAt)
      const outcomes = await Promise.allSettled([
        a.update(id, { status: 'succeeded' }, JOB.createdAt),
        b.update(id, { status: 'canceled' }, JOB.createdAt)
      ])
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled')
      expect(won).toHaveLength(1)
      const lost = outcomes.find((outcome) => outcome.status === 'rejected')
      expect(lost?.reason).toBeInstanceOf(IllegalTransitionError)
      const final = (await a.get(id))?.status
      expect(final).toBe((won[0] as PromiseFulfilledResult<{ status: string }>).value.status)
    }
    await Promise.all([a.close(), b.close()])
  })

  it('a finished job and its images carry the retention as a TTL; Redis drops them, and the indexes forget them', async () => {
    const [store, other, prefix] = await pair(300)
    await store.create({ ...JOB, idempotencyKey: 'k', requestHash: 'h' }, { input: PNG })
    await store.update('j1', { status: 'running' }, new Date().toISOString())
    await store.putImage('j1', 'result/0', PNG)
    expect(await store.redis.pttl(`${prefix}job:j1`)).toBe(-1) // unfinished: no TTL
    await store.update('j1', { status: 'succeeded' }, new Date().toISOString())
    const ttl = await store.redis.pttl(`${prefix}img:j1`)
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(300)
    await new Promise((resolve) => setTimeout(resolve, 450))
    expect(await other.get('j1')).toBeUndefined()
    expect(await other.getImage('j1', 'result/0')).toBeUndefined()
    expect(await other.listByOwner('ann', 10)).toEqual([])
    expect(await other.findByIdempotencyKey('ann', 'k')).toBeUndefined()
    await Promise.all([store.close(), other.close()])
  })

  it('a succeeded job keeps its results even if a stale second run asks to drop them', async () => {
    const [a, b] = await pair()
    await a.create(JOB)
    await a.update('j1', { status: 'running' }, JOB.createdAt)
    await a.putImage('j1', 'result/0', PNG)
    await a.update('j1', { status: 'succeeded', images: [PNG] }, JOB.createdAt)
    await b.deleteResults('j1')
    expect(await b.getImage('j1', 'result/0')).toEqual(PNG)
    await Promise.all([a.close(), b.close()])
  })

  it('refuses to open when Redis cannot be reached, naming the URL without its password', async () => {
    await expect(
      RedisJobStore.open({ url: 'redis://:hunter2@127.0.0.1:1', prefix: uniquePrefix() })
    ).rejects.toThrow(/Cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/)
  })
})

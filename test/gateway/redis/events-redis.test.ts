/**
 * Job events through Redis: two instances number one job's events from one counter, hear each other's
 * events, resume a stream from any id they kept, and a late view from a slow instance never follows the
 * job's final event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type JobEvent } from '../../../src/gateway/jobs/events.js'
import { RedisJobEvents } from '../../../src/gateway/jobs/redis-events.js'
import type { JobView } from '../../../src/protocol/api.js'
import {
  redisAvailable,
  startTestRedis,
  type TestRedis,
  uniquePrefix
} from '../../../testkit/redis-server.js'
import { waitFor } from '../helpers.js'

const view = (status: JobView['status'], progress?: number): JobView =>
  ({
    id: 'job-1',
    status,
    model: 'local/studio',
    createdAt: '2026-01-01T00:00:00.000Z',
    images: [],
    logs: [],
    ...(progress === undefined ? {} : { progress })
  }) as unknown as JobView

describe.skipIf(!redisAvailable)('RedisJobEvents', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startTestRedis()
  })
  afterAll(() => redis?.close())

  const pair = async () => {
    const options = { url: redis.url, prefix: uniquePrefix(), ttlMs: 60_000, onError: () => {} }
    return [await RedisJobEvents.open(options), await RedisJobEvents.open(options)] as const
  }

  it('numbers one job’s events 1, 2, 3 whichever instance publishes, and both hear them', async () => {
    const [a, b] = await pair()
    const heardOnA: JobEvent[] = []
    const heardOnB: JobEvent[] = []
    a.subscribe('job-1', (event) => heardOnA.push(event))
    b.subscribe('job-1', (event) => heardOnB.push(event))
    await a.publish(view('queued'))
    await b.publish(view('running', 0.5))
    await a.publish(view('running', 0.5)) // a repeat is no event
    await a.publish(view('succeeded'))
    await waitFor(async () => (heardOnA.length === 3 && heardOnB.length === 3 ? true : undefined), 'heard')
    expect(heardOnA.map((event) => event.id)).toEqual([1, 2, 3])
    expect(heardOnB).toEqual(heardOnA)
    expect((await b.latest(view('queued'))).status).toBe('succeeded')
    expect((await b.since('job-1', 1))?.map((event) => event.id)).toEqual([2, 3])
    expect(await b.since('job-1', 3)).toEqual([])
    expect(await b.since('job-1', 9)).toBeUndefined()
    await Promise.all([a.close(), b.close()])
  })

  it('a late running view after the cancel is dropped: the final event stays the last', async () => {
    const [a, b] = await pair()
    await a.publish(view('running', 0.2))
    await b.publish(view('canceled'))
    expect(await a.publish(view('running', 0.3))).toBeUndefined()
    expect((await a.latest(view('running'))).status).toBe('canceled')
    await Promise.all([a.close(), b.close()])
  })

  it('keeps the last 16 events; an id older than those gets the current view instead', async () => {
    const [a] = await pair()
    for (let n = 0; n < 20; n++) await a.publish(view('running', n / 20))
    expect(await a.since('job-1', 2)).toBeUndefined()
    expect((await a.since('job-1', 4))?.map((event) => event.id)).toEqual(
      [...Array(16).keys()].map((n) => n + 5)
    )
    await a.close()
  })
})

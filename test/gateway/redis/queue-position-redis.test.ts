/**
 * With REDIS_URL a waiting job's `queuePosition` is its place in the shared BullMQ line (1 = next to
 * start): the same on every instance, in the line's fair order, and moving up as jobs ahead start.
 */
import { describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../../src/gateway/server.js'
import type { JobView } from '../../../src/protocol/api.js'
import { redisAvailable } from '../../../testkit/redis-server.js'
import { GatedProvider, STUDIO, waitFor } from '../helpers.js'
import { byHeader, startInstances, submitAs, useRedisGateways } from './instances.js'

const ONE_AT_A_TIME = { local: 1, fal: 1, replicate: 1, segmind: 1 }

describe.skipIf(!redisAvailable)('queue positions in the shared line', () => {
  const redis = useRedisGateways()
  const running = redis.running
  let gated: GatedProvider | undefined

  const view = async (base: string, owner: string, id: string): Promise<JobView> => {
    const response = await fetch(`${base}/v1/jobs/${id}`, { headers: { 'x-owner': owner } })
    expect(response.status).toBe(200)
    return (await response.json()) as JobView
  }

  /** The job's position as each instance reports it, once they all report one. */
  const positions = async (owner: string, id: string): Promise<(number | undefined)[]> => {
    const views = await Promise.all(running.map((gw) => view(gw.url, owner, id)))
    return views.map((job) => job.queuePosition)
  }

  it('both instances report the same place, in the fair order, moving up when the job ahead starts', async () => {
    gated = new GatedProvider()
    running.push(
      ...(await startInstances(
        2,
        redis.url,
        { concurrency: ONE_AT_A_TIME },
        { auth: byHeader, providers: { local: gated } }
      ))
    )
    const [a, b] = running as [RunningGateway, RunningGateway]
    const first = await submitAs(a.url, 'ann', STUDIO)
    await waitFor(async () => (gated!.started.includes(first) ? true : undefined), 'the first job to start')
    const running1 = await view(b.url, 'ann', first)
    expect(running1.status).toBe('running')
    expect(running1.queuePosition).toBeUndefined()

    // Each job is in the shared line before the next is submitted, so their order is the submit order.
    const inLine = async (owner: string, id: string): Promise<void> => {
      await waitFor(async () => ((await view(a.url, owner, id)).queuePosition ? true : undefined), 'in line')
    }
    const second = await submitAs(b.url, 'ann', STUDIO)
    await inLine('ann', second)
    const third = await submitAs(a.url, 'ann', STUDIO)
    await inLine('ann', third)
    expect(await positions('ann', second)).toEqual([1, 1])
    expect(await positions('ann', third)).toEqual([2, 2])

    // Bo's single job goes ahead of Ann's batch (fair line): the positions say so on both instances.
    const bos = await submitAs(a.url, 'bo', STUDIO)
    await inLine('bo', bos)
    expect(await positions('bo', bos)).toEqual([1, 1])
    expect(await positions('ann', second)).toEqual([2, 2])
    expect(await positions('ann', third)).toEqual([3, 3])

    // The list shows the same places as the job.
    const listed = (await (await fetch(`${b.url}/v1/jobs`, { headers: { 'x-owner': 'ann' } })).json()) as {
      jobs: JobView[]
    }
    const place = (id: string) => listed.jobs.find((job) => job.id === id)?.queuePosition
    expect([place(second), place(third)]).toEqual([2, 3])

    gated.release(first)
    await waitFor(async () => (gated!.started.includes(bos) ? true : undefined), "Bo's job to start")
    expect(await positions('ann', second)).toEqual([1, 1])
    expect(await positions('ann', third)).toEqual([2, 2])
    for (const id of [bos, second, third]) {
      await waitFor(async () => (gated!.release(id) ? true : undefined), `job ${id} to start`, 10_000)
    }
  }, 30_000)
})

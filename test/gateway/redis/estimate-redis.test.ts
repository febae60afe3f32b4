/**
 * With REDIS_URL, two instances on one redis-server: a waiting job's event stream carries its place in
 * the shared line and a new event whenever that place changes (whichever instance moved the line), and
 * the run durations behind the time estimate are shared, so both instances estimate alike.
 */
import { describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../../src/gateway/server.js'
import { redisAvailable } from '../../../testkit/redis-server.js'
import { eventsUntil, view } from '../estimate-helpers.js'
import { GatedProvider, STUDIO, waitFor } from '../helpers.js'
import { byHeader, startInstances, submitAs, useRedisGateways } from './instances.js'

const ONE_AT_A_TIME = { local: 1, fal: 1, replicate: 1, segmind: 1 }
const ANN = { 'x-owner': 'ann' }

describe.skipIf(!redisAvailable)('queue position and estimates in events, shared line', () => {
  const redis = useRedisGateways()
  const running = redis.running

  it('streams the waiting job its place, and its new place when the line moves on another instance', async () => {
    const gated = new GatedProvider()
    const overrides = { auth: byHeader, providers: { local: gated } }
    running.push(...(await startInstances(2, redis.url, { concurrency: ONE_AT_A_TIME }, overrides)))
    const [a, b] = running as [RunningGateway, RunningGateway]
    const started = (id: string) => waitFor(async () => (gated.started.includes(id) ? true : undefined), id)
    const inLine = (id: string, place: number) =>
      waitFor(async () => ((await view(a.url, id, ANN)).queuePosition === place ? true : undefined), id)

    const first = await submitAs(a.url, 'ann', STUDIO)
    await started(first)
    const second = await submitAs(b.url, 'ann', STUDIO)
    await inLine(second, 1)
    const third = await submitAs(a.url, 'ann', STUDIO)
    await inLine(third, 2)

    // The stream (through the other instance) starts with the job's place in the shared line...
    const stream = eventsUntil(b.url, third, (job) => job.queuePosition === 1, ANN)
    await new Promise((resolve) => setTimeout(resolve, 100))
    // ...and hears the line move when the first job ends and the second starts, wherever that happens.
    gated.release(first)
    const views = await stream
    expect(views[0]).toMatchObject({ status: 'queued', queuePosition: 2 })
    expect(views.at(-1)).toMatchObject({ status: 'queued', queuePosition: 1 })

    for (const id of [second, third]) {
      await waitFor(async () => (gated.release(id) ? true : undefined), `${id} to start`, 10_000)
    }
    const done = await eventsUntil(a.url, third, (job) => job.status === 'succeeded', ANN)
    // Nothing goes back to waiting once the job ran.
    const firstRun = done.findIndex((job) => job.status !== 'queued')
    expect(done.slice(firstRun).every((job) => job.status !== 'queued')).toBe(true)
  }, 30_000)

  it('estimates from runs finished on either instance', async () => {
    const gated = new GatedProvider()
    const overrides = { auth: byHeader, providers: { local: gated } }
    running.push(...(await startInstances(2, redis.url, { concurrency: ONE_AT_A_TIME }, overrides)))
    const [a, b] = running as [RunningGateway, RunningGateway]

    // Three Studio runs, submitted through both instances: the line decides where each runs.
    for (const base of [a.url, b.url, a.url]) {
      const id = await submitAs(base, 'ann', STUDIO)
      await waitFor(async () => (gated.release(id) ? true : undefined), `${id} to start`, 10_000)
      await waitFor(async () => ((await view(base, id, ANN)).status === 'succeeded' ? true : undefined), id)
    }

    const holder = await submitAs(a.url, 'ann', STUDIO)
    await waitFor(async () => (gated.started.includes(holder) ? true : undefined), 'the holder to start')
    const waiting = await submitAs(b.url, 'ann', STUDIO)
    const estimates = await Promise.all(
      running.map((gw) =>
        waitFor(async () => {
          const job = await view(gw.url, waiting, ANN)
          return job.queuePosition === 1 && job.estimate?.samples === 3 ? job.estimate : undefined
        }, 'an estimate from three shared runs')
      )
    )
    expect(estimates[0]).toEqual(estimates[1])
    expect(estimates[0]!.typicalSeconds).toBeDefined()
    expect(estimates[0]!.secondsLeft).toBeDefined()
    gated.release(holder)
    await waitFor(async () => (gated.release(waiting) ? true : undefined), 'the waiting job to start', 10_000)
  }, 30_000)
})

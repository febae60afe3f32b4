/**
 * Time estimates from this gateway's own recent runs of a model: the real gateway on loopback, the real
 * fal adapter, and the fake fal queue whose runs take as long as the test says. No estimate until three
 * runs finished (said in words); then a waiting job's estimate follows from their median, its place in
 * the line and the line's width, in GET and in the event stream alike. With SQLite the durations survive
 * a restart.
 */
import { afterEach, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import { SqliteJobStore } from '../../src/gateway/store/sqlite-store.js'
import type { JobView } from '../../src/protocol/api.js'
import { formatJobStatus } from '../../src/protocol/format-job-status.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { FAL_KEY } from '../providers/helpers.js'
import { tempDataDir } from './durable/temp-dir.js'
import { eventsUntil, FAL_JOB, startFalGateway, submitTimed, view, waitForView } from './estimate-helpers.js'
import { submitOk } from './helpers.js'

let fal: FakeFal | undefined
const gateways: RunningGateway[] = []
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gw) => gw.close()))
  await fal?.close()
  fal = undefined
})

const finished = (job: JobView) => job.status === 'succeeded'
const THREE_WIDE = { local: 1, fal: 3, replicate: 1, segmind: 1 }

describe('time estimates from recent runs', () => {
  it('says there is no estimate yet, then estimates waiting jobs from the median of finished runs', async () => {
    fal = await startFakeFal({ key: FAL_KEY, queuePolls: 0, progressPolls: 1 })
    const gw = await startFalGateway(fal, { concurrency: THREE_WIDE })
    gateways.push(gw)

    // Three runs of 1, 2 and 3 s side by side: their median is about 2 s.
    const runs = [await submitTimed(gw, fal, 1000), await submitTimed(gw, fal, 2000)]
    const third = await submitTimed(gw, fal, 3000)
    for (const id of runs) await waitForView(gw.url, id, finished, 'a timed run to finish')

    // Two finished runs: the running third says it has no time yet, and why, rather than guess.
    const early = await view(gw.url, third)
    expect(early.status).toBe('running')
    expect(early.estimate).toEqual({ samples: 2, samplesNeeded: 3 })
    expect(formatJobStatus(early)).toMatch(/no time estimate yet \(needs 1 more finished run\)$/)
    await waitForView(gw.url, third, finished, 'the third run to finish')

    // Three long runs fill the line's three slots; the next two wait in the gateway's line.
    const long = [
      await submitTimed(gw, fal, 30_000),
      await submitTimed(gw, fal, 30_000),
      await submitTimed(gw, fal, 30_000)
    ]
    const next = await submitOk(gw.url, FAL_JOB)
    const after = await submitOk(gw.url, FAL_JOB)

    const waiting = await view(gw.url, next)
    expect(waiting.queuePosition).toBe(1)
    const typical = waiting.estimate!.typicalSeconds!
    expect(waiting.estimate).toMatchObject({ samples: 3, samplesNeeded: 3 })
    // The median run took its 2 s at the fake plus the gateway's polling and download.
    expect(typical).toBeGreaterThanOrEqual(2)
    expect(typical).toBeLessThan(2.8)
    // Next in line: the busy slots are half done on average, then its own run.
    expect(Math.abs(waiting.estimate!.secondsLeft! - typical * 1.5)).toBeLessThanOrEqual(1)
    expect(formatJobStatus(waiting)).toBe(`Queued — next in line · about ${waiting.estimate!.secondsLeft} s`)

    // Second in line: one more job ahead shares the three slots, a third of a run later.
    const behind = await view(gw.url, after)
    expect(behind.queuePosition).toBe(2)
    expect(Math.abs(behind.estimate!.secondsLeft! - typical * (1.5 + 1 / 3))).toBeLessThanOrEqual(1)
    expect(behind.estimate!.secondsLeft!).toBeGreaterThanOrEqual(waiting.estimate!.secondsLeft!)

    // A running job counts down from the median: it started a moment ago, so under a median is left.
    const running = await view(gw.url, long[0]!)
    expect(running.status).toBe('running')
    expect(running.estimate!.secondsLeft!).toBeLessThanOrEqual(Math.ceil(typical))
    expect(formatJobStatus(running)).toMatch(/ · (about \d+ s left|taking longer than usual)$/)

    // The event stream carries the same estimate as GET.
    const [first] = await eventsUntil(gw.url, next, () => true)
    expect(first).toMatchObject({ status: 'queued', queuePosition: 1, estimate: waiting.estimate })

    for (const id of [...long, next, after]) await fetch(`${gw.url}/v1/jobs/${id}/cancel`, { method: 'POST' })
  }, 30_000)

  it('keeps the durations in SQLite across a restart', async () => {
    fal = await startFakeFal({ key: FAL_KEY, queuePolls: 0, progressPolls: 1 })
    const dir = tempDataDir()
    const start = async () => {
      const store = await SqliteJobStore.open({ dir })
      const gw = await startFalGateway(fal!, { concurrency: { ...THREE_WIDE, fal: 1 } }, { store })
      gateways.push(gw)
      return gw
    }
    /** A long run holds the only slot; the job behind it shows the estimate. */
    const waitingEstimate = async (gw: RunningGateway) => {
      const holder = await submitTimed(gw, fal!, 30_000)
      const id = await submitOk(gw.url, FAL_JOB)
      const waiting = await waitForView(gw.url, id, (job) => job.queuePosition === 1, 'a job in line')
      for (const job of [holder, id]) await fetch(`${gw.url}/v1/jobs/${job}/cancel`, { method: 'POST' })
      return waiting.estimate
    }

    const before = await start()
    for (const ms of [300, 600, 900]) {
      const id = await submitTimed(before, fal, ms)
      await waitForView(before.url, id, finished, 'a timed run to finish')
    }
    const estimate = await waitingEstimate(before)
    expect(estimate).toMatchObject({ samples: 3, samplesNeeded: 3 })
    expect(estimate!.typicalSeconds).toBeGreaterThanOrEqual(0.6)
    await gateways.pop()!.close()

    const after = await start()
    expect(await waitingEstimate(after)).toEqual(estimate)
  }, 30_000)
})

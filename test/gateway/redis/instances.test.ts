/**
 * Three gateway instances sharing one real redis-server: any instance answers for any job (submit on A,
 * events on B, image from C, with the same event ids everywhere), a cancel on one stops the run on
 * another, and the per-provider limit and the fair line between owners hold across instances.
 */
import { describe, expect, it } from 'vitest'

import { startFakeFal } from '../../../testkit/fakes/fal.js'
import { redisAvailable } from '../../../testkit/redis-server.js'
import { ICLIGHT } from '../durable/gateway-durable.js'
import { GatedProvider, getJob, readEvents, STUDIO, submitOk, waitFor } from '../helpers.js'
import { byHeader, eventIds, startInstances, submitAs, useRedisGateways } from './instances.js'

const FAL_KEY = 'test-fal-key'

describe.skipIf(!redisAvailable)('several instances on one Redis', () => {
  const redis = useRedisGateways()
  const running = redis.running

  const start = async (
    ...args: Parameters<typeof startInstances> extends [number, string, ...infer R] ? R : never
  ) => {
    const gateways = await startInstances(3, redis.url, ...args)
    running.push(...gateways)
    return gateways
  }

  it('submit on A, watch the events on B and C, fetch the image from C', async () => {
    const fal = await startFakeFal({ key: FAL_KEY, queuePolls: 1, progressPolls: 2 })
    try {
      const [a, b, c] = await start({
        keys: { FAL_KEY },
        providerUrls: {
          fal: fal.url,
          replicate: 'https://replicate.invalid',
          segmind: 'https://segmind.invalid'
        }
      })
      const id = await submitOk(a!.url, ICLIGHT)
      const [onB, onC] = await Promise.all([readEvents(b!.url, id), readEvents(c!.url, id)])
      expect(onB.views.at(-1)?.status).toBe('succeeded')
      expect(onC.views.at(-1)?.status).toBe('succeeded')
      // One numbering for the job, whichever instance streams it: ids rise one by one.
      const ids = eventIds(onB.raw)
      expect(ids.length).toBeGreaterThan(1)
      for (let n = 1; n < ids.length; n++) expect(ids[n]).toBe(ids[n - 1]! + 1)
      expect(eventIds(onC.raw).at(-1)).toBe(ids.at(-1))
      // A stream that reconnects through another instance gets only what it missed.
      const resumed = await fetch(`${c!.url}/v1/jobs/${id}/events`, {
        headers: { 'Last-Event-ID': String(ids.at(-2)) }
      })
      const text = await resumed.text()
      expect(eventIds(text)).toEqual([ids.at(-1)])
      const image = await fetch(`${c!.url}/v1/jobs/${id}/images/0`)
      expect(image.status).toBe(200)
      expect(image.headers.get('content-type')).toMatch(/^image\//)
      const fromA = await fetch(`${a!.url}/v1/jobs/${id}/images/0`)
      expect(Buffer.from(await fromA.arrayBuffer())).toEqual(Buffer.from(await image.arrayBuffer()))
      expect(fal.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
      expect((await getJob(b!.url, id)).status).toBe('succeeded')
    } finally {
      await fal.close()
    }
  })

  it('a cancel sent to B stops the run on whichever instance holds it', async () => {
    const gated = new GatedProvider()
    const [a, b] = await start({}, { providers: { local: gated } })
    const id = await submitOk(a!.url, STUDIO)
    await waitFor(async () => (gated.started.includes(id) ? true : undefined), 'run started')
    const response = await fetch(`${b!.url}/v1/jobs/${id}/cancel`, { method: 'POST' })
    expect(((await response.json()) as { status: string }).status).toBe('canceled')
    await waitFor(async () => (gated.aborted.includes(id) ? true : undefined), 'run aborted')
    expect((await getJob(a!.url, id)).status).toBe('canceled')
  })

  it('RELIGHT_CONCURRENCY_LOCAL=2 holds across three instances', async () => {
    const gated = new GatedProvider()
    const concurrency = { local: 2, fal: 1, replicate: 1, segmind: 1 }
    const gateways = await start({ concurrency }, { providers: { local: gated } })
    const ids: string[] = []
    for (let n = 0; n < 6; n++) ids.push(await submitOk(gateways[n % 3]!.url, STUDIO))
    await waitFor(async () => (gated.started.length >= 2 ? true : undefined), 'two started')
    // Each instance alone would allow 2 (6 in all): give the others time to overstep.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(gated.started).toHaveLength(2)
    for (let n = 0; n < ids.length; n++) {
      const next = gated.started[n]
      await waitFor(async () => (gated.started[n] ? true : undefined), `start ${n + 1}`, 10_000)
      expect(gated.started.length).toBeLessThanOrEqual(n + 2)
      gated.release(next ?? gated.started[n]!)
    }
    for (const id of ids) {
      await waitFor(
        async () => ((await getJob(gateways[0]!.url, id)).status === 'succeeded' ? true : undefined),
        id
      )
    }
  })

  it('a second owner’s single job goes before the rest of a batch submitted on another instance', async () => {
    const gated = new GatedProvider()
    const concurrency = { local: 1, fal: 1, replicate: 1, segmind: 1 }
    const [a, b] = await start({ concurrency }, { providers: { local: gated }, auth: byHeader })
    const batch: string[] = []
    for (let n = 0; n < 4; n++) batch.push(await submitAs(a!.url, 'ann', STUDIO))
    await waitFor(async () => (gated.started.length ? true : undefined), 'first started')
    const single = await submitAs(b!.url, 'bob', STUDIO)
    for (let n = 0; n < 5; n++) {
      await waitFor(async () => (gated.started[n] ? true : undefined), `start ${n + 1}`, 10_000)
      gated.release(gated.started[n]!)
    }
    expect(gated.started).toEqual([batch[0], single, ...batch.slice(1)])
  })
})

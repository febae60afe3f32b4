/**
 * The Studio engine runs on worker threads: the gateway keeps answering while it relights, a cancel drops
 * what the worker still returns, and closing the pool stops its workers.
 */
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { StudioPool } from '../../src/gateway/providers/studio-pool.js'
import type { RunningGateway } from '../../src/gateway/server.js'
import { parseRelightParams } from '../../src/protocol/request.js'
import { fixture, getJob, readEvents, startTestGateway, STUDIO, submitOk, waitFor } from './helpers.js'

const BIG = { ...STUDIO, width: 2048, height: 2048 } as const

let gw: RunningGateway
let big: Uint8Array

function studioParams(input: Record<string, unknown>) {
  const parsed = parseRelightParams(input)
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.params
}

beforeAll(async () => {
  gw = await startTestGateway()
  const resized = sharp(fixture('coffee.png')).resize(2048, 2048)
  big = new Uint8Array(await resized.png({ compressionLevel: 1 }).toBuffer())
})
afterAll(() => gw.close())

const running = (id: string) =>
  waitFor(async () => ((await getJob(gw.url, id)).status === 'running' ? true : undefined), 'running', 20_000)

describe('Studio on worker threads', () => {
  it('answers /healthz again and again while a 2048² ×4 relight runs', async () => {
    const id = await submitOk(gw.url, { ...BIG, numImages: 4 }, big)
    const events = readEvents(gw.url, id)
    await running(id)
    let answeredWhileRunning = 0
    for (;;) {
      expect((await fetch(`${gw.url}/healthz`)).status).toBe(200)
      const job = await getJob(gw.url, id)
      if (job.status !== 'running') break
      answeredWhileRunning++
    }
    const { views } = await events
    const done = views.at(-1)!
    expect(done.status).toBe('succeeded')
    expect(done.images).toHaveLength(4)
    expect(answeredWhileRunning).toBeGreaterThan(1)
  }, 60_000)

  it('a job canceled mid-run stays canceled with no images, and the worker takes the next job', async () => {
    const id = await submitOk(gw.url, { ...BIG, numImages: 4 }, big)
    await running(id)
    const cancel = await fetch(`${gw.url}/v1/jobs/${id}/cancel`, { method: 'POST' })
    expect(cancel.status).toBe(200)
    const next = await submitOk(gw.url, STUDIO)
    const { views } = await readEvents(gw.url, next)
    expect(views.at(-1)!.status).toBe('succeeded')
    const canceled = await getJob(gw.url, id)
    expect(canceled.status).toBe('canceled')
    expect(canceled.images ?? []).toHaveLength(0)
    expect((await fetch(`${gw.url}/v1/jobs/${id}/images/0`)).ok).toBe(false)
  }, 60_000)
})

function bigJob(signal: AbortSignal, onImage: (n: number) => void = () => undefined) {
  const size = 2048 * 2048
  return {
    image: { width: 2048, height: 2048, data: new Uint8ClampedArray(size * 4).fill(128) },
    mask: new Uint8Array(size).fill(255),
    params: studioParams({ ...BIG, numImages: 4 }),
    signal,
    onImage
  }
}

describe('StudioPool', () => {
  it('the event loop keeps turning while a worker lights an image', async () => {
    const pool = new StudioPool(1)
    try {
      const image = { width: 8, height: 8, data: new Uint8ClampedArray(256) }
      await pool.run({ ...bigJob(new AbortController().signal), image, mask: new Uint8Array(64) }) // started
      let turns = 0
      let turnsBeforeFirstImage: number | undefined
      let spinning = true
      const spin = (): void => {
        turns++
        if (spinning) setImmediate(spin)
      }
      setImmediate(spin)
      const controller = new AbortController()
      const run = pool.run(
        bigJob(controller.signal, () => {
          turnsBeforeFirstImage ??= turns
          controller.abort('canceled') // one image is enough
        })
      )
      await run.catch(() => undefined)
      spinning = false
      // An engine on this thread would lie between two turns: none could happen while it lit the image.
      expect(turnsBeforeFirstImage).toBeGreaterThan(10)
    } finally {
      await pool.close()
    }
  }, 30_000)

  it('close() rejects the job a worker is running and stops the worker', async () => {
    const pool = new StudioPool(1)
    const lit: number[] = []
    const run = pool.run(bigJob(new AbortController().signal, (n) => lit.push(n)))
    const outcome = run.then(
      () => 'resolved',
      () => 'rejected'
    )
    await pool.close()
    expect(await outcome).toBe('rejected')
    await expect(pool.run({} as never)).rejects.toThrow(/closed/)
    expect(lit.length).toBeLessThan(4)
  }, 30_000)
})

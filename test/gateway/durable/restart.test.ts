/**
 * A gateway on SQLite, stopped and started again on the same data directory: jobs resume from their
 * stored provider request id without a second submit, a submit cut off mid-flight is not repeated (but
 * Studio jobs simply run again), Idempotency-Keys still find their jobs, and cancels hold.
 */
import { afterEach, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../../src/gateway/server.js'
import { GatedProvider, getJob, readEvents, STUDIO, submit, submitOk, waitFor } from '../helpers.js'
import { HeldAsyncProvider } from './async-double.js'
import { ICLIGHT, startDurable, waitForStatus } from './gateway-durable.js'
import { tempDataDir } from './temp-dir.js'

const running: RunningGateway[] = []
async function start(...args: Parameters<typeof startDurable>): Promise<RunningGateway> {
  const gw = await startDurable(...args)
  running.push(gw)
  return gw
}
afterEach(async () => {
  for (const gw of running.splice(0)) await gw.close()
})

describe('restart on the same data directory', () => {
  it('resumes a job from its stored provider request id and never submits it again', async () => {
    const dir = tempDataDir()
    const fal = new HeldAsyncProvider()
    const first = await start(dir, {}, { providers: { fal } })
    const id = await submitOk(first.url, ICLIGHT)
    await waitForStatus(first.url, id, 'running')
    await first.close()

    const second = await start(dir, {}, { providers: { fal } })
    fal.release('req-1')
    const { views } = await readEvents(second.url, id)
    expect(views.at(-1)?.status).toBe('succeeded')
    const image = await fetch(`${second.url}/v1/jobs/${id}/images/0`)
    // The double answers PNG; fal/iclight-v2's default format is JPEG, which the gateway converts to.
    expect(image.headers.get('content-type')).toBe('image/jpeg')
    expect(fal.submits).toEqual([id])
  })

  it('fails a job whose submit was cut off, with a clear error, instead of submitting it twice', async () => {
    const dir = tempDataDir()
    const fal = new HeldAsyncProvider()
    fal.holdSubmits = 'abortable' // the provider got the submit; its answer never reaches the gateway
    const first = await start(dir, {}, { providers: { fal } })
    const id = await submitOk(first.url, ICLIGHT)
    await waitFor(async () => (fal.submits.length ? true : undefined), 'submit sent')
    await first.close()

    const second = await start(dir, {}, { providers: { fal } })
    const job = await waitForStatus(second.url, id, 'failed')
    expect(job.error?.code).toBe('interrupted')
    expect(job.error?.message).toMatch(/not sent again/)
    expect(fal.submits).toEqual([id])
  })

  it('runs an interrupted Studio job again (local, free and deterministic)', async () => {
    const dir = tempDataDir()
    const gated = new GatedProvider()
    const first = await start(dir, {}, { providers: { local: gated } })
    const id = await submitOk(first.url, STUDIO)
    await waitFor(async () => (gated.started.includes(id) ? true : undefined), 'studio started')
    await first.close()

    const second = await start(dir)
    expect((await readEvents(second.url, id)).views.at(-1)?.status).toBe('succeeded')
    expect((await fetch(`${second.url}/v1/jobs/${id}/images/0`)).status).toBe(200)
  })

  it('re-queues jobs that were waiting in the gateway’s line', async () => {
    const dir = tempDataDir()
    const gated = new GatedProvider()
    const concurrency = { local: 1, fal: 1, replicate: 1, segmind: 1 }
    const first = await start(dir, { concurrency }, { providers: { local: gated } })
    const ids = [
      await submitOk(first.url, STUDIO),
      await submitOk(first.url, STUDIO),
      await submitOk(first.url, STUDIO)
    ]
    await waitFor(async () => (gated.started.length ? true : undefined), 'first started')
    await first.close()

    const second = await start(dir, { concurrency })
    for (const id of ids) expect((await readEvents(second.url, id)).views.at(-1)?.status).toBe('succeeded')
    expect(gated.started).toEqual([ids[0]])
  })

  it('an Idempotency-Key finds its job after a restart; a different body under it is a 409', async () => {
    const dir = tempDataDir()
    const first = await start(dir)
    const headers = { 'Idempotency-Key': 'relight-42' }
    const original = await submit(first.url, STUDIO, undefined, headers)
    const { id } = (await original.json()) as { id: string }
    await readEvents(first.url, id)
    await first.close()

    const second = await start(dir)
    const retry = await submit(second.url, STUDIO, undefined, headers)
    expect(retry.status).toBe(202)
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true')
    expect(((await retry.json()) as { id: string }).id).toBe(id)
    const other = await submit(second.url, { ...STUDIO, prompt: 'cold neon' }, undefined, headers)
    expect(other.status).toBe(409)
    expect((await second.gateway.jobs.list('local')).length).toBe(1)
  })
})

describe('cancel on a durable store', () => {
  it('cancels at the provider, ends canceled with no images, and stays canceled after a restart', async () => {
    const dir = tempDataDir()
    const fal = new HeldAsyncProvider()
    const first = await start(dir, {}, { providers: { fal } })
    const id = await submitOk(first.url, ICLIGHT)
    await waitForStatus(first.url, id, 'running')
    const response = await fetch(`${first.url}/v1/jobs/${id}/cancel`, { method: 'POST' })
    expect(((await response.json()) as { status: string }).status).toBe('canceled')
    await waitFor(async () => (fal.cancels.includes('req-1') ? true : undefined), 'provider cancel')
    fal.release('req-1')
    await first.close()

    const second = await start(dir, {}, { providers: { fal } })
    const job = await getJob(second.url, id)
    expect(job.status).toBe('canceled')
    expect(job.images).toEqual([])
    expect((await fetch(`${second.url}/v1/jobs/${id}/images/0`)).status).toBe(404)
    expect(fal.submits).toEqual([id])
  })

  it('a submit that answers after the cancel is canceled at the provider too', async () => {
    const fal = new HeldAsyncProvider()
    fal.holdSubmits = 'deaf'
    const gw = await start(tempDataDir(), {}, { providers: { fal } })
    const id = await submitOk(gw.url, ICLIGHT)
    await waitFor(async () => (fal.submits.length ? true : undefined), 'submit sent')
    await fetch(`${gw.url}/v1/jobs/${id}/cancel`, { method: 'POST' })
    fal.answerSubmits()
    await waitFor(async () => (fal.cancels.includes('req-1') ? true : undefined), 'late cancel')
    expect((await getJob(gw.url, id)).status).toBe('canceled')
  })
})

/**
 * What the gateway keeps of a designer's images, on the SQLite store, through the real server: uploads
 * (and masks) gone as soon as their job ends, results gone a grace time after they were placed, and a job
 * erased on request — files and rows checked on disk.
 */
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'

import { createReplicateAdapter } from '../../src/gateway/providers/replicate/adapter.js'
import type { JobView } from '../../src/protocol/api.js'
import { type FakeReplicate, startFakeReplicate } from '../../testkit/fakes/replicate.js'
import { REPLICATE_TOKEN } from '../providers/helpers.js'
import { fixture, GatedProvider, waitFor } from './helpers.js'
import {
  filesOf,
  finalJob,
  type PrivateGateway,
  rowsOf,
  settledOnDisk,
  startPrivateGateway,
  submitAs
} from './privacy-helpers.js'

const HOUR = 3600_000
const CUTOUT = {
  model: 'local/studio',
  prompt: 'warm sunset',
  lightSource: 'left',
  output: 'cutout'
} as const

let gw: PrivateGateway | undefined
let rep: FakeReplicate | undefined
afterEach(async () => {
  await gw?.close()
  await rep?.close()
  gw = rep = undefined
})

async function whiteMaskFor(image: Uint8Array): Promise<Uint8Array> {
  const { width, height } = await sharp(image).metadata()
  const mask = sharp({ create: { width: width!, height: height!, channels: 3, background: '#ffffff' } })
  return new Uint8Array(await mask.png().toBuffer())
}

describe('uploads are deleted as soon as their job ends', () => {
  it('succeeded: the upload and its mask are gone, files and rows; the result stays', async () => {
    gw = await startPrivateGateway()
    const image = fixture('bottle-alpha.png')
    const id = await submitAs(gw, { ...CUTOUT, maskMode: 'image' }, image, undefined, {
      mask: await whiteMaskFor(image)
    })
    const job = await finalJob(gw, id)
    expect(job.status).toBe('succeeded')
    await settledOnDisk(gw.dataDir, id, { files: ['result-0'], job: true, images: ['result/0'] })
    expect((await gw.call(job.images[0]!.url)).status).toBe(200)
  })

  it('while the job runs its upload is kept (a restart resumes from it); canceled: gone', async () => {
    const provider = new GatedProvider()
    gw = await startPrivateGateway({}, { providers: { local: provider } })
    const id = await submitAs(gw, CUTOUT, fixture('coffee.png'))
    await waitFor(async () => (provider.started.includes(id) ? true : undefined), 'the run to start')
    expect(filesOf(gw.dataDir, id)).toEqual(['input'])
    expect(rowsOf(gw.dataDir, id).images).toEqual(['input'])
    const canceled = await gw.call(`/v1/jobs/${id}/cancel`, { method: 'POST' })
    expect(((await canceled.json()) as JobView).status).toBe('canceled')
    await settledOnDisk(gw.dataDir, id, { files: [], job: true, images: [] })
  })

  it('failed (timed out): the upload is gone', async () => {
    const provider = new GatedProvider()
    gw = await startPrivateGateway({ jobTimeoutMs: 1000 }, { providers: { local: provider } })
    const id = await submitAs(gw, CUTOUT, fixture('coffee.png'))
    const job = await finalJob(gw, id)
    expect(job).toMatchObject({ status: 'failed', error: { code: 'timeout' } })
    await settledOnDisk(gw.dataDir, id, { files: [], job: true, images: [] })
  })
})

describe('results after the plugin placed them (RELIGHT_KEEP_AFTER_INSERT)', () => {
  it('are deleted the grace time after they were placed; unplaced results stay for the retention', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z')
    gw = await startPrivateGateway(
      { keepAfterInsertMs: HOUR, sweepIntervalMs: 25 },
      { now: () => new Date(clock) }
    )
    const placed = await submitAs(gw, CUTOUT, fixture('bottle-alpha.png'))
    const unplaced = await submitAs(gw, CUTOUT, fixture('bottle-alpha.png'))
    for (const id of [placed, unplaced]) expect((await finalJob(gw, id)).status).toBe('succeeded')
    expect((await gw.call(`/v1/jobs/${placed}/inserted`, { method: 'POST' })).status).toBe(200)

    clock += HOUR - 1000
    await new Promise((resolve) => setTimeout(resolve, 150)) // several sweeps
    expect(filesOf(gw.dataDir, placed)).toEqual(['result-0'])

    clock += 2000
    await settledOnDisk(gw.dataDir, placed, { files: [], job: false, images: [] })
    expect((await gw.call(`/v1/jobs/${placed}`)).status).toBe(404)
    expect(filesOf(gw.dataDir, unplaced)).toEqual(['result-0'])
    expect((await gw.call(`/v1/jobs/${unplaced}`)).status).toBe(200)
  })
})

describe('DELETE /v1/jobs/:id', () => {
  it('erases a finished job: record, results and upload; then it is a 404 everywhere', async () => {
    gw = await startPrivateGateway()
    const id = await submitAs(gw, { ...CUTOUT, numImages: 2 }, fixture('bottle-alpha.png'))
    const job = await finalJob(gw, id)
    const both = ['result-0', 'result-1']
    await settledOnDisk(gw.dataDir, id, { files: both, job: true, images: ['result/0', 'result/1'] })

    const erased = await gw.call(`/v1/jobs/${id}`, { method: 'DELETE' })
    expect(erased.status).toBe(204)
    expect(await erased.text()).toBe('')
    expect(filesOf(gw.dataDir, id)).toEqual([])
    expect(rowsOf(gw.dataDir, id)).toEqual({ job: false, images: [] })
    expect((await gw.call(`/v1/jobs/${id}`)).status).toBe(404)
    expect((await gw.call(job.images[0]!.url)).status).toBe(404)
    const list = (await (await gw.call('/v1/jobs')).json()) as { jobs: JobView[] }
    expect(list.jobs.map((j) => j.id)).not.toContain(id)
    const again = await gw.call(`/v1/jobs/${id}`, { method: 'DELETE' })
    expect(again.status).toBe(404)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('job_not_found')
  })

  it('erases a job running at Replicate: canceled there, then gone here', async () => {
    rep = await startFakeReplicate({ token: REPLICATE_TOKEN, startingPolls: 100_000 })
    const adapter = createReplicateAdapter({
      token: REPLICATE_TOKEN,
      apiUrl: rep.url,
      pollIntervalMs: 10,
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, ms)
          signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal?.reason)))
        })
    })
    gw = await startPrivateGateway(
      { keys: { REPLICATE_API_TOKEN: REPLICATE_TOKEN } },
      { providers: { replicate: adapter } }
    )
    const id = await submitAs(
      gw,
      { model: 'replicate/icl-glob-v1', prompt: 'warm sunset' },
      fixture('coffee.png')
    )
    await waitFor(async () => (rep!.requests.some((r) => r.method === 'GET') ? true : undefined), 'a poll')
    expect(filesOf(gw.dataDir, id)).toEqual(['input'])

    expect((await gw.call(`/v1/jobs/${id}`, { method: 'DELETE' })).status).toBe(204)
    await waitFor(
      async () => (rep!.requests.some((r) => r.url.endsWith('/cancel')) ? true : undefined),
      'a cancel'
    )
    expect(rep.requests.find((r) => r.url.endsWith('/cancel'))).toMatchObject({
      method: 'POST',
      url: '/predictions/rep1/cancel'
    })
    expect(rep.predictions.get('rep1')!.canceled).toBe(true)
    expect(filesOf(gw.dataDir, id)).toEqual([])
    expect(rowsOf(gw.dataDir, id)).toEqual({ job: false, images: [] })
    expect((await gw.call(`/v1/jobs/${id}`)).status).toBe(404)
  })

  it('the plugin may send it: CORS admits DELETE from the plugin iframe', async () => {
    gw = await startPrivateGateway()
    const preflight = await gw.call('/v1/jobs/some-job', {
      method: 'OPTIONS',
      headers: { Origin: 'null', 'Access-Control-Request-Method': 'DELETE' }
    })
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/DELETE/)
  })
})

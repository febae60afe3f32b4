/**
 * "N relights finished while Relight was closed": against a real gateway on a SQLite store, a job this
 * document started that succeeded is offered, placed beside its source (or at the viewport center when
 * the layer is gone), marked inserted, and not offered again; failed or foreign jobs are never offered.
 */
import { afterEach, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import type { JobView } from '../../src/protocol/api.js'
import { createGatewayClient } from '../../src/protocol/client.js'
import type { InsertRequest } from '../../src/protocol/events.js'
import { insertFinishedJobsAsync } from '../../ui/lib/insert-finished-jobs-async.js'
import { pickFinishedJobs } from '../../ui/lib/pick-finished-jobs.js'
import { startDurable } from '../gateway/durable/gateway-durable.js'
import { tempDataDir } from '../gateway/durable/temp-dir.js'
import { readEvents, STUDIO, submitOk } from '../gateway/helpers.js'

let gw: RunningGateway | undefined
afterEach(() => gw?.close())

const view = (id: string, status: JobView['status'], extra: Partial<JobView> = {}): JobView => ({
  id,
  status,
  model: 'local/studio',
  createdAt: '',
  updatedAt: '',
  params: {} as JobView['params'],
  images:
    status === 'succeeded'
      ? [{ url: `/v1/jobs/${id}/images/0`, width: 8, height: 8, contentType: 'image/png' }]
      : [],
  ...extra
})

describe('jobs that finished while the plugin was closed', () => {
  it('offers only succeeded, never-inserted jobs this document started, and settles the rest', () => {
    const jobs = [
      view('a', 'succeeded'),
      view('b', 'succeeded', { insertedAt: 'x' }),
      view('c', 'failed'),
      view('d', 'running'),
      view('e', 'succeeded')
    ]
    const { finished, settled } = pickFinishedJobs(jobs, { a: '1:1', b: '1:2', c: '1:3', d: '1:4' })
    expect(finished.map((job) => job.id)).toEqual(['a'])
    expect(settled).toEqual(['b', 'c'])
  })

  it('places the results with their source and size, marks the job inserted, and offers it no more', async () => {
    gw = await startDurable(tempDataDir())
    const id = await submitOk(gw.url, STUDIO)
    await readEvents(gw.url, id)
    const client = createGatewayClient({ baseUrl: gw.url })
    const started = { [id]: '12:34' }
    const { finished } = pickFinishedJobs((await client.jobs()).jobs, started)
    expect(finished.map((job) => job.id)).toEqual([id])

    const requests: InsertRequest[] = []
    const outcome = await insertFinishedJobsAsync(client, finished, started, async (request) => {
      requests.push(request)
      return ['new:1']
    })
    expect(outcome).toEqual({ placed: 1, errors: [], unplaceable: [] })
    const [request] = requests
    expect(request).toMatchObject({ sourceId: '12:34', params: { jobId: id, prompt: STUDIO.prompt } })
    expect(request!.withoutSource).toEqual({
      width: finished[0]!.images[0]!.width,
      height: finished[0]!.images[0]!.height
    })
    expect([...request!.images[0]!.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]) // "PNG"
    expect((await client.job(id)).insertedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d/)
    expect(pickFinishedJobs((await client.jobs()).jobs, started)).toEqual({ finished: [], settled: [id] })
  })

  it('says once that Figma refused the results and gives the job up, so it is not offered on every open', async () => {
    gw = await startDurable(tempDataDir())
    const id = await submitOk(gw.url, STUDIO)
    await readEvents(gw.url, id)
    const client = createGatewayClient({ baseUrl: gw.url })
    const { finished } = pickFinishedJobs((await client.jobs()).jobs, { [id]: '1:1' })
    const outcome = await insertFinishedJobsAsync(client, finished, { [id]: '1:1' }, async () => {
      throw new Error('in createImage: Image type is unsupported')
    })
    expect(outcome.placed).toBe(0)
    expect(outcome.unplaceable).toEqual([id])
    expect(outcome.errors).toEqual([
      `A relight of “${STUDIO.prompt}” could not be placed: in createImage: Image type is unsupported ` +
        'Relight will not offer it again.'
    ])
    // Not marked inserted (nothing was placed): the document forgets it (FORGET_JOBS) instead.
    expect((await client.job(id)).insertedAt).toBeUndefined()
  })

  it('keeps offering a job whose images could not be downloaded (the gateway may be back next time)', async () => {
    gw = await startDurable(tempDataDir())
    const id = await submitOk(gw.url, STUDIO)
    await readEvents(gw.url, id)
    const client = createGatewayClient({ baseUrl: gw.url })
    const { finished } = pickFinishedJobs((await client.jobs()).jobs, { [id]: '1:1' })
    await gw.close()
    gw = undefined
    const outcome = await insertFinishedJobsAsync(client, finished, { [id]: '1:1' }, async () => ['x'])
    expect(outcome.placed).toBe(0)
    expect(outcome.unplaceable).toEqual([])
    expect(outcome.errors).toHaveLength(1)
    expect(outcome.errors[0]).toMatch(/reach the gateway/i)
  })
})

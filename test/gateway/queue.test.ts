/**
 * Concurrency 1 with a slow provider double: the real queue position of waiting jobs, cancel of a
 * queued job (canceled, never started, no images), cancel of a running job (aborted at the provider).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import type { ErrorBody, JobView } from '../../src/protocol/api.js'
import { GatedProvider, getJob, readEvents, startTestGateway, STUDIO, submitOk, waitFor } from './helpers.js'

let gw: RunningGateway
let provider: GatedProvider

beforeEach(async () => {
  provider = new GatedProvider()
  const concurrency = { local: 1, fal: 1, replicate: 1, segmind: 1 }
  gw = await startTestGateway({ concurrency }, { providers: { local: provider } })
})
afterEach(() => gw.close())

async function cancel(id: string): Promise<Response> {
  return fetch(`${gw.url}/v1/jobs/${id}/cancel`, { method: 'POST' })
}

describe('queue with concurrency 1', () => {
  it('reports the real queue position of 3 jobs and moves it as jobs finish', async () => {
    const [a, b, c] = [
      await submitOk(gw.url, STUDIO),
      await submitOk(gw.url, STUDIO),
      await submitOk(gw.url, STUDIO)
    ]
    await waitFor(
      async () => ((await getJob(gw.url, a!)).status === 'running' ? true : undefined),
      'a running'
    )
    expect((await getJob(gw.url, a!)).queuePosition).toBeUndefined()
    expect((await getJob(gw.url, b!)).queuePosition).toBe(1)
    expect((await getJob(gw.url, c!)).queuePosition).toBe(2)
    expect(provider.started).toEqual([a])

    provider.release(a!)
    await waitFor(
      async () => ((await getJob(gw.url, b!)).status === 'running' ? true : undefined),
      'b running'
    )
    expect((await getJob(gw.url, a!)).status).toBe('succeeded')
    expect((await getJob(gw.url, b!)).queuePosition).toBeUndefined()
    expect((await getJob(gw.url, c!)).queuePosition).toBe(1)

    provider.release(b!)
    await waitFor(async () => (provider.release(c!) ? true : undefined), 'c started')
    expect((await readEvents(gw.url, c!)).views.at(-1)?.status).toBe('succeeded')
    expect(provider.started).toEqual([a, b, c]) // FIFO
  })

  it('streams the new queue position to a waiting job when the line moves', async () => {
    const a = await submitOk(gw.url, STUDIO)
    const b = await submitOk(gw.url, STUDIO)
    const c = await submitOk(gw.url, STUDIO)
    await waitFor(async () => (provider.started.includes(a) ? true : undefined), 'a started')
    const events = readEvents(gw.url, c)
    await new Promise((resolve) => setTimeout(resolve, 50))
    provider.release(a)
    await waitFor(async () => (provider.release(b) ? true : undefined), 'b started')
    await waitFor(async () => (provider.release(c) ? true : undefined), 'c started')
    const positions = (await events).views.map((view) => view.queuePosition)
    expect(positions.slice(0, 2)).toEqual([2, 1])
    expect((await events).views.at(-1)?.status).toBe('succeeded')
  })

  it('cancels a queued job: canceled, never started, no images', async () => {
    const a = await submitOk(gw.url, STUDIO)
    const b = await submitOk(gw.url, STUDIO)
    const response = await cancel(b)
    expect(response.status).toBe(200)
    const view = (await response.json()) as JobView
    expect(view.status).toBe('canceled')
    expect(view.images).toEqual([])

    provider.release(a)
    await readEvents(gw.url, a)
    const after = await getJob(gw.url, b)
    expect(after.status).toBe('canceled')
    expect(after.images).toEqual([])
    expect(provider.started).not.toContain(b)
    expect((await fetch(`${gw.url}/v1/jobs/${b}/images/0`)).status).toBe(404)
    const { views } = await readEvents(gw.url, b)
    expect(views.map((v) => v.status)).toEqual(['canceled'])
  })

  it('cancels a running job: the provider call is aborted and the job ends canceled', async () => {
    const a = await submitOk(gw.url, STUDIO)
    await waitFor(async () => (provider.started.includes(a) ? true : undefined), 'a started')
    const events = readEvents(gw.url, a)
    expect(((await (await cancel(a)).json()) as JobView).status).toBe('canceled')
    expect((await events).views.at(-1)?.status).toBe('canceled')
    await waitFor(async () => (provider.aborted.includes(a) ? true : undefined), 'provider aborted')
    expect((await getJob(gw.url, a)).images).toEqual([])
  })

  it('cancel of a finished job is a 409 and changes nothing', async () => {
    const a = await submitOk(gw.url, STUDIO)
    await waitFor(async () => (provider.release(a) ? true : undefined), 'a started')
    await readEvents(gw.url, a)
    const response = await cancel(a)
    expect(response.status).toBe(409)
    expect(((await response.json()) as ErrorBody).error.code).toBe('already_final')
    expect((await getJob(gw.url, a)).status).toBe('succeeded')
  })
})

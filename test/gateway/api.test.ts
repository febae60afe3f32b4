/** The gateway's API end to end: the real server on loopback, real PNG uploads, real fetch. */
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import type { HealthView, JobListView, JobView, ModelListView } from '../../src/protocol/api.js'
import { alphaAgainstInput } from '../helpers/alpha.js'
import { fixture, getJob, readEvents, startTestGateway, STUDIO, submitOk } from './helpers.js'

let gw: RunningGateway
beforeAll(async () => {
  gw = await startTestGateway()
})
afterAll(() => gw.close())

async function download(url: string): Promise<{ response: Response; bytes: Buffer }> {
  const response = await fetch(`${gw.url}${url}`)
  return { response, bytes: Buffer.from(await response.arrayBuffer()) }
}

describe('gateway API', () => {
  it('GET /healthz answers 200 with ok and the version', async () => {
    const response = await fetch(`${gw.url}/healthz`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as HealthView
    expect(body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) })
  })

  it('GET /v1/models lists the catalog with local/studio available and the default model', async () => {
    const response = await fetch(`${gw.url}/v1/models`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as ModelListView
    expect(body.defaultModel).toBe('local/studio')
    const studio = body.models.find((model) => model.id === 'local/studio')
    expect(studio).toMatchObject({ available: true, provider: 'local', maxImages: 4 })
    expect(studio?.unavailableReason).toBeUndefined()
    expect(studio?.options.intensity).toMatchObject({ default: 1, min: 0, max: 2 })
  })

  it('relights a cut-out: SSE ends in succeeded, the PNG has the working size and the input alpha', async () => {
    const input = fixture('bottle-alpha.png')
    const id = await submitOk(gw.url, { ...STUDIO, output: 'cutout', width: 384 }, input)
    const { views, raw } = await readEvents(gw.url, id)
    expect(views.at(-1)?.status).toBe('succeeded')
    expect(views.map((view) => view.status)).toContain('succeeded')
    // the stream ended after the final event
    expect(raw.trimEnd().split('\n\n').at(-1)).toMatch(/^data: \{.*"status":"succeeded".*\}\nid: \d+$/)

    const job = views.at(-1)!
    expect(job.images).toEqual([
      { url: `/v1/jobs/${id}/images/0`, width: 384, height: 512, contentType: 'image/png' }
    ])
    const { response, bytes } = await download(job.images[0]!.url)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(response.headers.get('cache-control')).toContain('max-age')
    const result = await sharp(bytes).metadata()
    expect(result).toMatchObject({ format: 'png', width: 384, height: 512, hasAlpha: true })

    const { alpha, worst } = await alphaAgainstInput(bytes, input, 384, 512)
    expect(worst).toBeLessThanOrEqual(2)
    expect(alpha).toContain(0)
    expect(alpha).toContain(255)
  })

  it('numImages 3 yields 3 downloadable images, and image 3 is a 404', async () => {
    const id = await submitOk(gw.url, { ...STUDIO, numImages: 3 })
    const { views } = await readEvents(gw.url, id)
    const job = views.at(-1)!
    expect(job.status).toBe('succeeded')
    expect(job.images).toHaveLength(3)
    for (const image of job.images) {
      const { response, bytes } = await download(image.url)
      expect(response.status).toBe(200)
      expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: 600, height: 400 })
    }
    const missing = await fetch(`${gw.url}/v1/jobs/${id}/images/3`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('image_not_found')
  })

  it('encodes JPEG results when outputFormat is jpeg', async () => {
    const id = await submitOk(gw.url, { ...STUDIO, outputFormat: 'jpeg' }, fixture('bottle-alpha.png'))
    const job = (await readEvents(gw.url, id)).views.at(-1)!
    expect(job.images[0]?.contentType).toBe('image/jpeg')
    const { bytes } = await download(job.images[0]!.url)
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 768, height: 1024 })
  })

  it('an already-finished job sends one event on /events and ends', async () => {
    const id = await submitOk(gw.url, STUDIO)
    await readEvents(gw.url, id)
    const { views } = await readEvents(gw.url, id)
    expect(views).toHaveLength(1)
    expect(views[0]?.status).toBe('succeeded')
  })

  it('GET /v1/jobs lists the caller’s jobs newest first and honors ?limit', async () => {
    const ids = [
      await submitOk(gw.url, STUDIO),
      await submitOk(gw.url, STUDIO),
      await submitOk(gw.url, STUDIO)
    ]
    const response = await fetch(`${gw.url}/v1/jobs?limit=3`)
    const body = (await response.json()) as JobListView
    expect(body.jobs.map((job) => job.id)).toEqual([...ids].reverse())
    const bad = await fetch(`${gw.url}/v1/jobs?limit=0`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('limit')
  })

  it('POST /v1/jobs/:id/inserted marks a succeeded job once', async () => {
    const id = await submitOk(gw.url, STUDIO)
    await readEvents(gw.url, id)
    const first = (await (
      await fetch(`${gw.url}/v1/jobs/${id}/inserted`, { method: 'POST' })
    ).json()) as JobView
    expect(first.insertedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    const again = (await (
      await fetch(`${gw.url}/v1/jobs/${id}/inserted`, { method: 'POST' })
    ).json()) as JobView
    expect(again.insertedAt).toBe(first.insertedAt)
    expect((await getJob(gw.url, id)).insertedAt).toBe(first.insertedAt)
  })

  it('unknown jobs and routes answer 404 JSON', async () => {
    const job = await fetch(`${gw.url}/v1/jobs/nope`)
    expect(job.status).toBe(404)
    expect(((await job.json()) as { error: { code: string } }).error.code).toBe('job_not_found')
    const route = await fetch(`${gw.url}/v1/nothing-here`)
    expect(route.status).toBe(404)
    expect(((await route.json()) as { error: { message: string } }).error.message).toContain(
      '/v1/nothing-here'
    )
  })
})

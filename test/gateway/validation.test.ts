/**
 * Bad input gets a 4xx that names the problem, changes nothing, and the gateway keeps serving: every
 * case is followed by a health check and a relight that still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import type { ErrorBody, JobListView } from '../../src/protocol/api.js'
import {
  bombPng,
  fixture,
  readEvents,
  relightForm,
  startTestGateway,
  STUDIO,
  submit,
  submitOk
} from './helpers.js'

const MAX_BODY = 2 * 1024 * 1024
let gw: RunningGateway

beforeAll(async () => {
  gw = await startTestGateway({ maxBodyBytes: MAX_BODY })
})
afterAll(() => gw.close())

async function expectError(response: Response, status: number, field?: string): Promise<ErrorBody['error']> {
  const body = (await response.json()) as ErrorBody
  expect(response.status).toBe(status)
  expect(body.error.message).toMatch(/^\S+( \S+){3,}.*\.$/) // words ending in a full stop, not a code
  if (field) expect(body.error.field).toBe(field)
  return body.error
}

async function jobCount(): Promise<number> {
  return ((await (await fetch(`${gw.url}/v1/jobs?limit=100`)).json()) as JobListView).jobs.length
}

/** After each bad request: still healthy, still relighting. */
async function expectStillServing(): Promise<void> {
  expect((await fetch(`${gw.url}/healthz`)).status).toBe(200)
  const id = await submitOk(gw.url, STUDIO, fixture('bottle-alpha.png'))
  expect((await readEvents(gw.url, id)).views.at(-1)?.status).toBe('succeeded')
}

describe('bad input', () => {
  it('a non-image upload is a 415 that says it is not a PNG, JPEG or WebP', async () => {
    const before = await jobCount()
    const text = new TextEncoder().encode('GIF89a… or just a text file pretending to be a layer')
    const error = await expectError(await submit(gw.url, STUDIO, text), 415, 'image')
    expect(error.message).toMatch(/not a PNG, JPEG or WebP/)
    expect(await jobCount()).toBe(before)
    await expectStillServing()
  })

  it('a 20000×20000 PNG bomb is refused from its header with 413 naming the size and the limit', async () => {
    const bomb = bombPng(20000, 20000)
    expect(bomb.length).toBeLessThan(MAX_BODY) // small on the wire, 400 MP once inflated
    const error = await expectError(await submit(gw.url, STUDIO, bomb), 413, 'image')
    // Our header check's answer: a sharp decode failure would be a 422 image_unreadable instead.
    expect(error.code).toBe('image_too_large')
    expect(error.message).toContain('20000×20000')
    expect(error.message).toContain('40 MP')
    await expectStillServing()
  })

  it('steps 9999 is a 400 on field steps', async () => {
    const error = await expectError(await submit(gw.url, { ...STUDIO, steps: 9999 }), 400, 'steps')
    expect(error.message).toMatch(/steps/)
    await expectStillServing()
  })

  it('an unknown model is a 400 on field model that lists the available ones', async () => {
    const error = await expectError(await submit(gw.url, { ...STUDIO, model: 'acme/nope' }), 400, 'model')
    expect(error.message).toContain('acme/nope')
    expect(error.message).toContain('local/studio')
    await expectStillServing()
  })

  it('a missing prompt is a 400 on field prompt', async () => {
    const error = await expectError(await submit(gw.url, { model: 'local/studio' }), 400, 'prompt')
    expect(error.message).toMatch(/^Describe the light in the prompt/)
    await expectStillServing()
  })

  it('malformed params JSON is a 400 on field params that says it is not valid JSON', async () => {
    const error = await expectError(await submit(gw.url, '{"model": "local/studio", prompt'), 400, 'params')
    expect(error.message).toMatch(/not valid JSON/)
    await expectStillServing()
  })

  it('a missing image is a 400 on field image', async () => {
    const error = await expectError(await submit(gw.url, STUDIO, null), 400, 'image')
    expect(error.message).toMatch(/image/)
    await expectStillServing()
  })

  it('a body over the limit is a 413 with a message', async () => {
    const big = new Uint8Array(MAX_BODY + 1024)
    big.set(fixture('coffee.png').subarray(0, 64))
    const response = await fetch(`${gw.url}/v1/relight`, { method: 'POST', body: relightForm(STUDIO, big) })
    const error = await expectError(response, 413)
    expect(error.code).toBe('body_too_large')
    expect(error.message).toMatch(/larger than this gateway accepts/)
    await expectStillServing()
  })

  it('a chunked body (no Content-Length) over the limit is a 413 too', async () => {
    const chunk = new Uint8Array(256 * 1024)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY + chunk.length) return controller.close()
        sent += chunk.length
        controller.enqueue(chunk)
      }
    })
    const response = await fetch(`${gw.url}/v1/relight`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body,
      duplex: 'half'
    } as RequestInit)
    expect((await expectError(response, 413)).code).toBe('body_too_large')
    await expectStillServing()
  })

  it('a broken multipart body is a 400 that says to try again', async () => {
    const response = await fetch(`${gw.url}/v1/relight`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=----nope' },
      body: 'this is not a multipart body at all'
    })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
    expect(((await response.json()) as ErrorBody).error.message).toMatch(/Try again\.$/)
    await expectStillServing()
  })

  it('a mask without maskMode image is a 400 on field mask', async () => {
    const form = relightForm(STUDIO, fixture('coffee.png'), {
      mask: new Blob([fixture('bottle-alpha.png') as Uint8Array<ArrayBuffer>])
    })
    const response = await fetch(`${gw.url}/v1/relight`, { method: 'POST', body: form })
    await expectError(response, 400, 'mask')
    await expectStillServing()
  })

  it('a body that is not multipart is a 415 explaining the form to send', async () => {
    const response = await fetch(`${gw.url}/v1/relight`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(STUDIO)
    })
    const error = await expectError(response, 415)
    expect(error.message).toMatch(/multipart\/form-data/)
    await expectStillServing()
  })
})

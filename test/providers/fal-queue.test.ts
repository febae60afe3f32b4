import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { FAL_ICLIGHT_APP } from '../../src/gateway/providers/fal/map-iclight.js'
import { FAL_LORA_APP } from '../../src/gateway/providers/fal/map-lora.js'
import { createFalQueue, falAppRoot } from '../../src/gateway/providers/fal/queue.js'
import { downloadImage } from '../../src/gateway/upstream/download.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { catchError, expectNoSecret, FAL_KEY, testUpstream } from './helpers.js'

let fal: FakeFal

beforeEach(async () => {
  fal = await startFakeFal({ key: FAL_KEY, queuePolls: 2, progressPolls: 2 })
})
afterEach(() => fal.close())

function queue(key = FAL_KEY) {
  const t = testUpstream('fal', fal.url, key)
  return { ...t, queue: createFalQueue({ upstream: t.upstream, queueUrl: fal.url, key }) }
}

describe('fal queue protocol', () => {
  it('keeps only owner/alias for status, result and cancel', () => {
    expect(falAppRoot('fal-ai/lora/image-to-image')).toBe('fal-ai/lora')
    expect(falAppRoot('fal-ai/iclight-v2')).toBe('fal-ai/iclight-v2')
  })

  it('submits with POST {queue}/{app}, Key auth and the JSON input', async () => {
    const { queue: q } = queue()
    const { requestId } = await q.submit(FAL_ICLIGHT_APP, { prompt: 'p', image_url: 'data:,' })
    expect(requestId).toBe('fal-req-1')
    const [req] = fal.requests
    expect(req).toMatchObject({
      method: 'POST',
      url: '/fal-ai/iclight-v2',
      body: { prompt: 'p', image_url: 'data:,' }
    })
    expect(req!.headers.authorization).toBe(`Key ${FAL_KEY}`)
    expect(req!.headers['content-type']).toBe('application/json')
  })

  it('moves IN_QUEUE (position) → IN_PROGRESS (logs, percentage) → COMPLETED', async () => {
    const { queue: q } = queue()
    const { requestId } = await q.submit(FAL_ICLIGHT_APP, {
      prompt: 'p',
      num_images: 2,
      image_size: { width: 64, height: 64 }
    })
    const states = []
    for (let i = 0; i < 5; i++) states.push(await q.status(FAL_ICLIGHT_APP, requestId))
    expect(states[0]).toEqual({ state: 'queued', position: 1 })
    expect(states[1]).toEqual({ state: 'queued', position: 0 })
    expect(states[2]).toMatchObject({ state: 'running', progress: 0.5 })
    expect(states[3]).toMatchObject({ state: 'running', progress: 1 })
    expect((states[3] as { logs?: readonly string[] }).logs?.[0]).toBe('Loading model')
    expect(states[4]).toMatchObject({ state: 'completed' })
    const statusReq = fal.requests[1]!
    expect(statusReq).toMatchObject({
      method: 'GET',
      url: `/fal-ai/iclight-v2/requests/${requestId}/status?logs=1`
    })
    expect(statusReq.headers.authorization).toBe(`Key ${FAL_KEY}`)

    const output = await q.result(FAL_ICLIGHT_APP, requestId)
    expect(fal.requests.at(-1)).toMatchObject({
      method: 'GET',
      url: `/fal-ai/iclight-v2/requests/${requestId}`
    })
    expect(output.images).toHaveLength(2)
    const { upstream } = queue()
    const image = await downloadImage(upstream, output.images[0]!.url)
    expect(image.contentType).toBe('image/jpeg')
  })

  it('polls a LoRA request under fal-ai/lora and cancels it with PUT', async () => {
    const { queue: q } = queue()
    const { requestId } = await q.submit(FAL_LORA_APP, { prompt: 'p' })
    expect(fal.requests[0]!.url).toBe('/fal-ai/lora/image-to-image')
    await q.status(FAL_LORA_APP, requestId)
    expect(fal.requests[1]!.url).toBe(`/fal-ai/lora/requests/${requestId}/status?logs=1`)
    await q.cancel(FAL_LORA_APP, requestId)
    expect(fal.requests[2]).toMatchObject({ method: 'PUT', url: `/fal-ai/lora/requests/${requestId}/cancel` })
    expect(fal.jobs.get(requestId)!.canceled).toBe(true)
  })

  it('treats cancel of a finished request as done', async () => {
    const { queue: q } = queue()
    const { requestId } = await q.submit(FAL_ICLIGHT_APP, { prompt: 'p' })
    fal.jobs.get(requestId)!.polls = 99
    await expect(q.cancel(FAL_ICLIGHT_APP, requestId)).resolves.toBeUndefined()
  })

  it('reports a rejected key without repeating it', async () => {
    const wrong = 'fal-wrong-key-9876543210'
    const { queue: q, logs } = queue(wrong)
    const error = await catchError(q.submit(FAL_ICLIGHT_APP, { prompt: 'p' }))
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 })
    expectNoSecret(wrong, error, logs)
    expectNoSecret(FAL_KEY, error, logs)
  })

  it('names the field of a validation error', async () => {
    fal.fault(
      { method: 'POST', path: /iclight/ },
      {
        kind: 'status',
        status: 422,
        body: {
          detail: [
            {
              loc: ['body', 'image_size', 'width'],
              msg: 'ensure this value is less than or equal to 2048',
              type: 'value_error'
            }
          ]
        }
      }
    )
    const { queue: q } = queue()
    const error = await catchError(q.submit(FAL_ICLIGHT_APP, { prompt: 'p' }))
    expect(error).toMatchObject({ code: 'invalid_input', field: 'image_size.width' })
    expect(error.message).toMatch(/image_size\.width.*less than or equal to 2048/)
  })

  it('does not repeat a submit answered 500, but retries a submit answered 429', async () => {
    fal.fault({ method: 'POST', path: /iclight/ }, { kind: 'status', status: 500 })
    const { queue: q, sleeps } = queue()
    await expect(q.submit(FAL_ICLIGHT_APP, {})).rejects.toMatchObject({ code: 'unavailable' })
    expect(fal.requests).toHaveLength(1)
    fal.fault(
      { method: 'POST', path: /iclight/ },
      { kind: 'status', status: 429, headers: { 'retry-after': '1' } }
    )
    await q.submit(FAL_ICLIGHT_APP, {})
    expect(sleeps).toEqual([1000])
  })

  it('rides out 503s and malformed JSON while polling', async () => {
    const { queue: q, sleeps } = queue()
    const { requestId } = await q.submit(FAL_ICLIGHT_APP, {})
    fal.fault({ path: /status$/ }, { kind: 'status', status: 503, headers: { 'retry-after': '1' } })
    fal.fault({ path: /status$/ }, { kind: 'malformed' })
    await expect(q.status(FAL_ICLIGHT_APP, requestId)).resolves.toMatchObject({ state: 'queued' })
    expect(sleeps).toHaveLength(2)
  })

  it('refuses to download a result on a foreign host', async () => {
    await fal.close()
    fal = await startFakeFal({
      key: FAL_KEY,
      queuePolls: 0,
      progressPolls: 0,
      resultOrigin: 'https://cdn.evil.example'
    })
    const { queue: q, upstream } = queue()
    const { requestId } = await q.submit(FAL_ICLIGHT_APP, {})
    await q.status(FAL_ICLIGHT_APP, requestId)
    const output = await q.result(FAL_ICLIGHT_APP, requestId)
    await expect(downloadImage(upstream, output.images[0]!.url)).rejects.toMatchObject({ code: 'refused' })
  })
})

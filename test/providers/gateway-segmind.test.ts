/** Segmind through the real gateway: loopback server, fake synchronous API answering with bytes. */
import { afterEach, describe, expect, it } from 'vitest'

import { createSegmindAdapter } from '../../src/gateway/providers/segmind/adapter.js'
import type { JobView } from '../../src/protocol/api.js'
import { type FakeSegmind, startFakeSegmind } from '../../testkit/fakes/segmind.js'
import { submitOk } from '../gateway/helpers.js'
import { noSleep, type ProviderGateway, startProviderGateway, waitForJob } from './gateway-helpers.js'
import { expectNoSecret, SEGMIND_KEY } from './helpers.js'

let seg: FakeSegmind | undefined
let gw: ProviderGateway | undefined
afterEach(async () => {
  await gw?.close()
  await seg?.close()
  gw = seg = undefined
})

async function setUp(options: { credits?: number; delayMs?: number; key?: string } = {}) {
  seg = await startFakeSegmind({
    key: SEGMIND_KEY,
    credits: options.credits ?? 10,
    ...(options.delayMs ? { delayMs: options.delayMs } : {})
  })
  const adapter = createSegmindAdapter({ key: options.key ?? SEGMIND_KEY, apiUrl: seg.url, sleep: noSleep })
  gw = await startProviderGateway({}, { segmind: adapter })
  return { seg, gw }
}

const SEG = { model: 'segmind/ic-light', prompt: 'warm sunset', lightSource: 'left' } as const

describe('Segmind through the gateway', () => {
  it('runs one call per image with consecutive seeds, and serves the bytes it answered', async () => {
    const { seg, gw } = await setUp()
    const id = await submitOk(gw.url, { ...SEG, numImages: 2, seed: 41, outputFormat: 'webp' })
    const job = await waitForJob(gw, id)
    expect(job.status).toBe('succeeded')
    expect(job.images).toHaveLength(2)
    expect(job.images[0]!.contentType).toBe('image/webp')
    expect(seg.requests).toHaveLength(2)
    for (const [n, req] of seg.requests.entries()) {
      expect(req).toMatchObject({ method: 'POST', url: '/ic-light' })
      expect(req.headers['x-api-key']).toBe(SEGMIND_KEY)
      expect(req.body).toMatchObject({
        seed: 41 + n,
        light_source: 'Left Light',
        number_of_images: 1,
        output_format: 'webp',
        steps: 25,
        cfg: 2
      })
      expect(String((req.body as { subject_image: string }).subject_image)).toMatch(/^iVBOR/)
    }
    const served = await fetch(`${gw.url}${job.images[1]!.url}`)
    expect(served.headers.get('content-type')).toBe('image/webp')
    expectNoSecret(SEGMIND_KEY, gw.seen, gw.logLines)
  })

  it('fails with "out of credits" on 406', async () => {
    const { gw } = await setUp({ credits: 0 })
    const job = await waitForJob(gw, await submitOk(gw.url, SEG))
    expect(job).toMatchObject({ status: 'failed', error: { code: 'no_credits' } })
    expect(job.error!.message).toMatch(/Segmind says the account is out of credits/)
  })

  it('fails with a rejected key on 401, the key nowhere in answers or logs', async () => {
    const wrong = 'SG_wrong_key_7777777777'
    const { gw } = await setUp({ key: wrong })
    const job = await waitForJob(gw, await submitOk(gw.url, SEG))
    expect(job).toMatchObject({ status: 'failed', error: { code: 'unauthorized' } })
    expect(job.error!.message).toMatch(/SEGMIND_API_KEY/)
    expectNoSecret(wrong, gw.seen, gw.logLines)
  })

  it('cancel aborts the call in flight', async () => {
    const { seg, gw } = await setUp({ delayMs: 2000 })
    const id = await submitOk(gw.url, SEG)
    await waitForJob(gw, id, () => seg.requests.length > 0)
    const canceled = (await (
      await fetch(`${gw.url}/v1/jobs/${id}/cancel`, { method: 'POST' })
    ).json()) as JobView
    expect(canceled.status).toBe('canceled')
    const job = await waitForJob(gw, id)
    expect(job.status).toBe('canceled')
    expect(job.images).toHaveLength(0)
  })
})

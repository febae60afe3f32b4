/** Replicate through the real gateway: loopback server, fake predictions API, real images. */
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'

import { createReplicateAdapter } from '../../src/gateway/providers/replicate/adapter.js'
import type { JobView } from '../../src/protocol/api.js'
import {
  type FakeReplicate,
  type FakeReplicateOptions,
  startFakeReplicate
} from '../../testkit/fakes/replicate.js'
import { fixture, submitOk } from '../gateway/helpers.js'
import { noSleep, type ProviderGateway, startProviderGateway, waitForJob } from './gateway-helpers.js'
import { expectNoSecret, REPLICATE_TOKEN } from './helpers.js'

let rep: FakeReplicate | undefined
let gw: ProviderGateway | undefined
afterEach(async () => {
  await gw?.close()
  await rep?.close()
  gw = rep = undefined
})

async function setUp(options: Partial<FakeReplicateOptions> = {}) {
  rep = await startFakeReplicate({ token: REPLICATE_TOKEN, startingPolls: 1, processingPolls: 2, ...options })
  const adapter = createReplicateAdapter({
    token: REPLICATE_TOKEN,
    apiUrl: rep.url,
    pollIntervalMs: 10,
    sleep: noSleep
  })
  gw = await startProviderGateway({}, { replicate: adapter })
  return { rep, gw }
}

const ICL = { model: 'replicate/icl-glob-v1', prompt: 'warm sunset', lightSource: 'top' } as const

describe('Replicate through the gateway', () => {
  it('relights: prediction with the exact input, progress from logs, images downloaded and served', async () => {
    const { rep, gw } = await setUp()
    const id = await submitOk(
      gw.url,
      { ...ICL, numImages: 3, outputFormat: 'png', seed: 5 },
      fixture('bottle-alpha.png')
    )
    const job = await waitForJob(gw, id)
    expect(job.status).toBe('succeeded')
    expect(
      gw.seen.some((v) => (v as JobView).status === 'running' && (v as JobView).progress !== undefined)
    ).toBe(true)
    expect(job.images).toHaveLength(3)

    const create = rep.requests[0]!
    expect(create).toMatchObject({ method: 'POST', url: '/models/fater-ai/icl-glob-v1/predictions' })
    expect(create.headers.authorization).toBe(`Bearer ${REPLICATE_TOKEN}`)
    expect(create.headers.prefer).toBeUndefined()
    const input = (create.body as { input: Record<string, unknown> }).input
    expect(input).toMatchObject({
      prompt: 'warm sunset',
      light_source: 'Top Light',
      number_of_images: 3,
      output_format: 'png',
      seed: 5,
      steps: 30,
      cfg: 2
    })
    expect(input.image).toMatch(/^data:image\/png;base64,/)
    // The subject went flattened onto gray 127: no transparency left in what the model sees.
    const sent = Buffer.from(String(input.image).split(',')[1]!, 'base64')
    const stats = await sharp(sent).stats()
    expect(stats.isOpaque).toBe(true)
    const corner = await sharp(sent)
      .extract({ left: 0, top: 0, width: 1, height: 1 })
      .removeAlpha()
      .raw()
      .toBuffer()
    expect([...corner]).toEqual([127, 127, 127])
    expect((input.width as number) % 64).toBe(0)

    expect(rep.requests.some((r) => r.method === 'GET' && /^\/predictions\/rep1$/.test(r.url))).toBe(true)
    const served = await fetch(`${gw.url}${job.images[2]!.url}`)
    expect(served.headers.get('content-type')).toBe('image/png')
    expectNoSecret(REPLICATE_TOKEN, gw.seen, gw.logLines)
  })

  it('fails the job with "out of credits" on 402', async () => {
    const { rep, gw } = await setUp()
    rep.fault(
      { method: 'POST', path: /predictions$/ },
      {
        kind: 'status',
        status: 402,
        body: { title: 'Insufficient credit', detail: 'You have insufficient credit', status: 402 }
      }
    )
    const job = await waitForJob(gw, await submitOk(gw.url, ICL))
    expect(job).toMatchObject({ status: 'failed', error: { code: 'no_credits' } })
    expect(job.error!.message).toMatch(/out of credits/)
  })

  it('reports a failed prediction with its error', async () => {
    const { gw } = await setUp({ failWith: 'CUDA out of memory' })
    const job = await waitForJob(gw, await submitOk(gw.url, ICL))
    expect(job).toMatchObject({ status: 'failed', error: { code: 'provider_failed' } })
    expect(job.error!.message).toMatch(/CUDA out of memory/)
  })

  it('cancel mid-run reaches Replicate with POST /predictions/{id}/cancel', async () => {
    const { rep, gw } = await setUp({ startingPolls: 100_000 })
    const id = await submitOk(gw.url, ICL)
    await waitForJob(gw, id, () => rep.requests.some((r) => r.method === 'GET'))
    const canceled = (await (
      await fetch(`${gw.url}/v1/jobs/${id}/cancel`, { method: 'POST' })
    ).json()) as JobView
    expect(canceled.status).toBe('canceled')
    await waitForJob(gw, id, () => rep.requests.some((r) => r.url.endsWith('/cancel')))
    const cancel = rep.requests.find((r) => r.url.endsWith('/cancel'))!
    expect(cancel).toMatchObject({ method: 'POST', url: '/predictions/rep1/cancel' })
    expect(cancel.headers.authorization).toBe(`Bearer ${REPLICATE_TOKEN}`)
    expect(rep.predictions.get('rep1')!.canceled).toBe(true)
  })

  it('a create whose answer is lost on the way back: the prediction is found in the list and finished', async () => {
    const { rep, gw } = await setUp({ dropCreateAnswers: 1 })
    const job = await waitForJob(gw, await submitOk(gw.url, ICL))
    expect([job.status, job.error]).toEqual(['succeeded', undefined])
    // One create, one prediction: nothing sent twice, nothing paid for and lost.
    expect(rep.requests.filter((r) => r.method === 'POST' && /predictions$/.test(r.path))).toHaveLength(1)
    expect(rep.predictions.size).toBe(1)
    expect(rep.requests.some((r) => r.method === 'GET' && r.path === '/predictions')).toBe(true)
  })

  it('refuses an output on a foreign host', async () => {
    const { gw } = await setUp({
      resultOrigin: 'https://replicate.delivery.evil.example',
      startingPolls: 0,
      processingPolls: 1
    })
    const job = await waitForJob(gw, await submitOk(gw.url, ICL))
    expect(job).toMatchObject({ status: 'failed', error: { code: 'refused' } })
  })
})

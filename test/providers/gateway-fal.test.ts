/** fal models through the real gateway: loopback server, fake fal queue, real images end to end. */
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'

import { createFalAdapter } from '../../src/gateway/providers/fal/adapter.js'
import type { JobView, ModelListView } from '../../src/protocol/api.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { fixture, readEvents, startTestGateway, submitOk } from '../gateway/helpers.js'
import { alphaAgainstInput } from '../helpers/alpha.js'
import { noSleep, type ProviderGateway, startProviderGateway, waitForJob } from './gateway-helpers.js'
import { expectNoSecret, FAL_KEY } from './helpers.js'

let fal: FakeFal | undefined
let gw: ProviderGateway | undefined
afterEach(async () => {
  await gw?.close()
  await fal?.close()
  gw = undefined
  fal = undefined
})

async function setUp(
  options: { queuePolls?: number; progressPolls?: number; resultOrigin?: string; key?: string } = {}
) {
  fal = await startFakeFal({
    key: FAL_KEY,
    queuePolls: options.queuePolls ?? 1,
    progressPolls: options.progressPolls ?? 2,
    ...(options.resultOrigin ? { resultOrigin: options.resultOrigin } : {})
  })
  const adapter = createFalAdapter({
    key: options.key ?? FAL_KEY,
    queueUrl: fal.url,
    pollIntervalMs: 10,
    sleep: noSleep,
    timeoutMs: 300
  })
  gw = await startProviderGateway(
    {
      providerUrls: {
        fal: fal.url,
        replicate: 'https://api.replicate.com/v1',
        segmind: 'https://api.segmind.com/v1'
      }
    },
    { fal: adapter }
  )
  return { fal, gw }
}

const ICLIGHT = { model: 'fal/iclight-v2', prompt: 'warm sunset', lightSource: 'left' } as const

describe('fal through the gateway', () => {
  it('marks fal models unavailable, with the reason, when FAL_KEY is missing', async () => {
    const running = await startTestGateway({ keys: {} })
    try {
      const { models } = (await (await fetch(`${running.url}/v1/models`)).json()) as ModelListView
      const iclight = models.find((m) => m.id === 'fal/iclight-v2')!
      expect(iclight).toMatchObject({
        available: false,
        unavailableReason: expect.stringMatching(/FAL_KEY is not set/)
      })
      expect(models.find((m) => m.id === 'local/studio')?.available).toBe(true)
    } finally {
      await running.close()
    }
  })

  it('relights with iclight-v2: queue position, progress, logs, then images served by the gateway', async () => {
    const { fal, gw } = await setUp()
    const { models } = (await (await fetch(`${gw.url}/v1/models`)).json()) as ModelListView
    expect(models.filter((m) => m.provider === 'fal').every((m) => m.available)).toBe(true)

    const id = await submitOk(gw.url, { ...ICLIGHT, seed: 99, numImages: 2 }, fixture('bottle-alpha.png'))
    const { views } = await readEvents(gw.url, id)
    gw.seen.push(...views)
    const final = views.at(-1)!
    expect(final).toMatchObject({ status: 'succeeded', progress: 1 })
    expect(views.some((v) => v.queuePosition === 1)).toBe(true)
    expect(views.some((v) => v.status === 'running' && v.progress === 0.5)).toBe(true)
    expect(final.logs?.some((line) => line.includes('Loading model'))).toBe(true)
    expect(final.logs?.some((line) => line.includes('2/2'))).toBe(true)
    expect(final.images).toHaveLength(2)

    const submit = fal.requests[0]!
    expect(submit).toMatchObject({ method: 'POST', url: '/fal-ai/iclight-v2' })
    expect(submit.headers.authorization).toBe(`Key ${FAL_KEY}`)
    const body = submit.body as Record<string, unknown>
    expect(body).toMatchObject({
      prompt: 'warm sunset',
      initial_latent: 'Left',
      seed: 99,
      num_images: 2,
      output_format: 'jpeg',
      num_inference_steps: 28
    })
    expect(body.image_url).toMatch(/^data:image\/png;base64,/)
    expect(body.mask_image_url).toMatch(/^data:image\/png;base64,/)
    const size = body.image_size as { width: number; height: number }
    expect((size.width % 64) + (size.height % 64)).toBe(0)
    const paths = fal.requests.map((r) => `${r.method} ${r.url.replace(/fal-req-\d+/, 'ID')}`)
    expect(paths).toContain('GET /fal-ai/iclight-v2/requests/ID/status?logs=1')
    expect(paths).toContain('GET /fal-ai/iclight-v2/requests/ID')
    const downloads = fal.requests.filter((r) => r.path.startsWith('/files/'))
    expect(downloads).toHaveLength(2)
    expect(downloads.every((r) => r.headers.authorization === undefined)).toBe(true)

    const image = await fetch(`${gw.url}${final.images[0]!.url}`)
    expect(image.headers.get('content-type')).toBe('image/jpeg')
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata()
    expect(meta).toMatchObject({ format: 'jpeg', width: size.width, height: size.height })
    expectNoSecret(FAL_KEY, gw.seen, gw.logLines)
  })

  it('returns a cut-out at the working size with the layer alpha re-applied', async () => {
    const { gw } = await setUp({ queuePolls: 0, progressPolls: 1 })
    const input = fixture('bottle-alpha.png')
    const id = await submitOk(
      gw.url,
      { ...ICLIGHT, output: 'cutout', outputFormat: 'png', width: 384, height: 512 },
      input
    )
    const job = await waitForJob(gw, id)
    expect(job.status).toBe('succeeded')
    expect(job.images[0]).toMatchObject({ width: 384, height: 512, contentType: 'image/png' })
    const bytes = Buffer.from(await (await fetch(`${gw.url}${job.images[0]!.url}`)).arrayBuffer())
    const { worst } = await alphaAgainstInput(bytes, input, 384, 512)
    expect(worst).toBeLessThanOrEqual(2)
  })

  it('runs LoRA image-to-image from the Studio-lit layer and polls it under fal-ai/lora', async () => {
    const { fal, gw } = await setUp({ queuePolls: 0, progressPolls: 1 })
    const id = await submitOk(gw.url, {
      model: 'fal/lora-image-to-image',
      prompt: 'neon night',
      lightSource: 'right'
    })
    const job = await waitForJob(gw, id)
    expect(job.status).toBe('succeeded')
    expect(job.images[0]?.contentType).toBe('image/png')
    const body = fal.requests[0]!.body as Record<string, unknown>
    expect(fal.requests[0]!.url).toBe('/fal-ai/lora/image-to-image')
    expect(body).toMatchObject({
      model_name: 'SG161222/Realistic_Vision_V5.1_noVAE',
      scheduler: 'DPM++ 2M SDE Karras',
      image_format: 'png'
    })
    expect(body.image_url).toMatch(/^data:image\/png;base64,/)
    expect(body.ic_light_image_url).toMatch(/^data:image\/png;base64,/)
    expect(fal.requests[1]!.url).toMatch(/^\/fal-ai\/lora\/requests\/fal-req-1\/status\?logs=1$/)
  })

  it('cancel mid-run reaches fal with PUT …/cancel', async () => {
    const { fal, gw } = await setUp({ queuePolls: 100_000, progressPolls: 0 })
    const id = await submitOk(gw.url, { model: 'fal/lcm-sd15-i2i', prompt: 'golden hour' })
    await waitForJob(gw, id, (job) => job.queuePosition !== undefined)
    const canceled = (await (
      await fetch(`${gw.url}/v1/jobs/${id}/cancel`, { method: 'POST' })
    ).json()) as JobView
    expect(canceled.status).toBe('canceled')
    await waitForJob(gw, id, () => fal.requests.some((r) => r.method === 'PUT'))
    const cancel = fal.requests.find((r) => r.method === 'PUT')!
    expect(cancel.url).toBe('/fal-ai/lcm-sd15-i2i/requests/fal-req-1/cancel')
    expect(cancel.headers.authorization).toBe(`Key ${FAL_KEY}`)
    expect(fal.jobs.get('fal-req-1')!.canceled).toBe(true)
  })

  it('fails the job clearly when fal rejects the key, without the key anywhere', async () => {
    const wrong = 'fal-wrong-key-4242424242'
    const { gw } = await setUp({ key: wrong })
    const id = await submitOk(gw.url, ICLIGHT)
    const job = await waitForJob(gw, id)
    expect(job).toMatchObject({ status: 'failed', error: { code: 'unauthorized' } })
    expect(job.error!.message).toMatch(/fal\.ai rejected the gateway's key.*FAL_KEY/)
    expectNoSecret(wrong, gw.seen, gw.logLines)
    expectNoSecret(FAL_KEY, gw.seen, gw.logLines)
  })

  it('refuses a result on a foreign host', async () => {
    const { gw } = await setUp({ queuePolls: 0, progressPolls: 0, resultOrigin: 'https://cdn.evil.example' })
    const id = await submitOk(gw.url, ICLIGHT)
    const job = await waitForJob(gw, id)
    expect(job).toMatchObject({ status: 'failed', error: { code: 'refused' } })
    expect(job.error!.message).toMatch(/cdn\.evil\.example/)
  })

  it('rides out 429 with Retry-After and a burst of 500s while polling', async () => {
    const { fal, gw } = await setUp({ queuePolls: 1, progressPolls: 1 })
    fal.fault(
      { method: 'GET', path: /status$/ },
      { kind: 'status', status: 429, headers: { 'retry-after': '1' } }
    )
    fal.fault({ method: 'GET', path: /status$/ }, { kind: 'status', status: 500 }, 2)
    const id = await submitOk(gw.url, ICLIGHT)
    const job = await waitForJob(gw, id)
    expect(job.status).toBe('succeeded')
    expect(fal.requests.filter((r) => r.path.endsWith('/status')).length).toBeGreaterThanOrEqual(5)
  })

  it('fails with a timeout when fal hangs on every status poll (each call timed out and retried)', async () => {
    const { fal, gw } = await setUp({ queuePolls: 1 })
    fal.fault({ method: 'GET', path: /status$/ }, { kind: 'hang' }, 100)
    const job = await waitForJob(gw, await submitOk(gw.url, ICLIGHT))
    expect(job).toMatchObject({ status: 'failed', error: { code: 'timeout' } })
    expect(job.error!.message).toMatch(/fal\.ai did not answer in time/)
    expect(fal.requests.filter((r) => r.path.endsWith('/status'))).toHaveLength(4)
  })

  it('fails with a clear error when fal keeps answering malformed JSON', async () => {
    const { fal, gw } = await setUp({ queuePolls: 1 })
    fal.fault({ method: 'GET', path: /status$/ }, { kind: 'malformed' }, 100)
    const job = await waitForJob(gw, await submitOk(gw.url, ICLIGHT))
    expect(job).toMatchObject({ status: 'failed', error: { code: 'bad_response' } })
    expect(job.error!.message).toMatch(/could not read/)
  })
})

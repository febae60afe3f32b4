/**
 * What the gateway serves, whatever a provider answered: the format the request asked for (PNG when it
 * named none and the provider's own default is WebP), no side over Figma's 4096 px, a provider image past
 * RELIGHT_MAX_PIXELS refused from its header, and for every model a cut-out at the uploaded image's size
 * with exactly its alpha. The real gateway on loopback, the fake providers over HTTP, real images.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'

import { createFalAdapter } from '../../src/gateway/providers/fal/adapter.js'
import { createReplicateAdapter } from '../../src/gateway/providers/replicate/adapter.js'
import { createSegmindAdapter } from '../../src/gateway/providers/segmind/adapter.js'
import type { JobView } from '../../src/protocol/api.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import type { AnswerOverride } from '../../testkit/fakes/images.js'
import { type FakeReplicate, startFakeReplicate } from '../../testkit/fakes/replicate.js'
import { type FakeSegmind, startFakeSegmind } from '../../testkit/fakes/segmind.js'
import { BOTTLE, run } from '../cli/run-cli.js'
import { bombPng, fixture, submitOk } from '../gateway/helpers.js'
import { noSleep, type ProviderGateway, startProviderGateway, waitForJob } from './gateway-helpers.js'
import { FAL_KEY, REPLICATE_TOKEN, SEGMIND_KEY } from './helpers.js'

interface Fakes {
  readonly fal: FakeFal
  readonly replicate: FakeReplicate
  readonly segmind: FakeSegmind
}

let fakes: Fakes | undefined
let gw: ProviderGateway | undefined
afterEach(async () => {
  await gw?.close()
  await Promise.all([fakes?.fal.close(), fakes?.replicate.close(), fakes?.segmind.close()])
  gw = fakes = undefined
})

async function setUp(answer?: AnswerOverride, maxPixels?: number): Promise<ProviderGateway> {
  const opts = answer ? { answer } : {}
  fakes = {
    fal: await startFakeFal({ key: FAL_KEY, queuePolls: 0, progressPolls: 1, ...opts }),
    replicate: await startFakeReplicate({
      token: REPLICATE_TOKEN,
      startingPolls: 0,
      processingPolls: 1,
      ...opts
    }),
    segmind: await startFakeSegmind({ key: SEGMIND_KEY, ...opts })
  }
  const deps = { pollIntervalMs: 5, sleep: noSleep }
  gw = await startProviderGateway(maxPixels ? { maxPixels } : {}, {
    fal: createFalAdapter({ key: FAL_KEY, queueUrl: fakes.fal.url, ...deps }),
    replicate: createReplicateAdapter({ token: REPLICATE_TOKEN, apiUrl: fakes.replicate.url, ...deps }),
    segmind: createSegmindAdapter({ key: SEGMIND_KEY, apiUrl: fakes.segmind.url, sleep: noSleep })
  })
  return gw
}

async function served(gw: ProviderGateway, job: JobView, n = 0) {
  const response = await fetch(`${gw.url}${job.images[n]!.url}`)
  const bytes = Buffer.from(await response.arrayBuffer())
  return { response, bytes, meta: await sharp(bytes).metadata() }
}

async function relight(gw: ProviderGateway, params: Record<string, unknown>, image?: Uint8Array) {
  return waitForJob(
    gw,
    await submitOk(gw.url, { prompt: 'warm sunset', lightSource: 'left', ...params }, image)
  )
}

const MODELS = [
  'fal/iclight-v2',
  'fal/lcm-sd15-i2i',
  'fal/lora-image-to-image',
  'replicate/icl-glob-v1',
  'segmind/ic-light'
] as const

describe('result formats', () => {
  it.each(['replicate/icl-glob-v1', 'segmind/ic-light'])(
    '%s answering WebP: a request naming no format gets PNG, one asking JPEG gets JPEG',
    async (model) => {
      const gw = await setUp({ format: 'webp' })
      const plain = await relight(gw, { model })
      expect(plain.status).toBe('succeeded')
      expect(plain.images[0]!.contentType).toBe('image/png')
      const png = await served(gw, plain)
      expect(png.response.headers.get('content-type')).toBe('image/png')
      expect(png.meta.format).toBe('png')

      const jpeg = await served(gw, await relight(gw, { model, outputFormat: 'jpeg' }))
      expect(jpeg.response.headers.get('content-type')).toBe('image/jpeg')
      expect(jpeg.meta.format).toBe('jpeg')
    }
  )

  it('fal/lcm-sd15-i2i answers JPEG only; asked for PNG, the gateway serves PNG', async () => {
    const gw = await setUp()
    const job = await relight(gw, { model: 'fal/lcm-sd15-i2i', outputFormat: 'png' })
    expect(job.status).toBe('succeeded')
    const { meta, response } = await served(gw, job)
    expect([meta.format, response.headers.get('content-type')]).toEqual(['png', 'image/png'])
  })
})

describe('result sizes', () => {
  it('scales a 5000×2500 result down to 4096×2048 (Figma places at most 4096 px a side)', async () => {
    const gw = await setUp({ width: 5000, height: 2500 })
    const job = await relight(gw, { model: 'fal/iclight-v2', outputFormat: 'jpeg' })
    expect(job.status).toBe('succeeded')
    expect(job.images[0]).toMatchObject({ width: 4096, height: 2048, contentType: 'image/jpeg' })
    const { meta } = await served(gw, job)
    expect([meta.width, meta.height, meta.format]).toEqual([4096, 2048, 'jpeg'])
  })

  it('fails a job whose provider image is 16000×16000, from its header, and serves nothing', async () => {
    const gw = await setUp({ bytes: bombPng(16000, 16000), format: 'png' }, 40_000_000)
    const job = await relight(gw, { model: 'replicate/icl-glob-v1', outputFormat: 'png' })
    expect(job).toMatchObject({ status: 'failed', error: { code: 'result_too_large' }, images: [] })
    expect(job.error!.message).toMatch(/Replicate returned a 16000×16000 px image .*up to 40 MP/)
    expect((await fetch(`${gw.url}/v1/jobs/${job.id}/images/0`)).status).toBe(404)
  })
})

describe('cut-outs: the uploaded size with exactly its alpha, for every model', () => {
  it('an upload whose aspect the model crops: the colour goes back onto the region the model saw', async () => {
    const gw = await setUp()
    // 700×1000 works at 576×768 (multiples of 64, a cover crop): the result must still be 700×1000.
    const input = await sharp(fixture('bottle-alpha.png')).resize(700, 1000, { fit: 'fill' }).png().toBuffer()
    const job = await relight(gw, { model: 'fal/lcm-sd15-i2i', output: 'cutout' }, new Uint8Array(input))
    expect(job.status).toBe('succeeded')
    const { bytes, meta } = await served(gw, job)
    expect([meta.width, meta.height]).toEqual([700, 1000])
    const alpha = await sharp(bytes).ensureAlpha().extractChannel(3).raw().toBuffer()
    const sent = await sharp(input).ensureAlpha().extractChannel(3).raw().toBuffer()
    expect(alpha.equals(sent)).toBe(true)
  })

  const bottle = fixture('bottle-alpha.png')

  it.each([...MODELS, 'local/studio'])('%s', async (model) => {
    const gw = await setUp()
    const job = await relight(gw, { model, output: 'cutout', numImages: 2 }, bottle)
    expect(job.status).toBe('succeeded')
    const sent = await sharp(bottle).ensureAlpha().extractChannel(3).raw().toBuffer()
    for (const n of [0, 1]) {
      expect(job.images[n]).toMatchObject({ width: 768, height: 1024, contentType: 'image/png' })
      const { bytes, meta } = await served(gw, job, n)
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 768, 1024])
      const alpha = await sharp(bytes).ensureAlpha().extractChannel(3).raw().toBuffer()
      expect(alpha.equals(sent)).toBe(true)
    }
  })

  it("fal/lcm-sd15-i2i: the provider's colour lands on the subject, not stretched off it", async () => {
    const gw = await setUp()
    const job = await relight(gw, { model: 'fal/lcm-sd15-i2i', output: 'cutout' }, bottle)
    const { bytes } = await served(gw, job)
    // The fake answers a flat (200, 120, 60) image: every visible pixel must carry it.
    const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true })
    let visible = 0
    let off = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! === 0) continue
      visible++
      if (Math.abs(data[i]! - 200) + Math.abs(data[i + 1]! - 120) + Math.abs(data[i + 2]! - 60) > 9) off++
    }
    expect(visible).toBeGreaterThan(1000)
    expect(off).toBe(0)
  })
})

describe('the CLI writes what the gateway returns, with no fitting of its own', () => {
  it.each(['fal/lcm-sd15-i2i', 'segmind/ic-light'])(
    '%s --output cutout -o x.png: the input size and exactly its alpha',
    async (model) => {
      const gw = await setUp({ format: 'jpeg' })
      const dir = await mkdtemp(path.join(tmpdir(), 'relight-cli-'))
      try {
        const out = path.join(dir, 'lit.png')
        const args = [BOTTLE, '-p', 'warm', '-m', model, '--output', 'cutout', '-q', '-o', out]
        const result = await run([...args, '--gateway', gw.url])
        expect(result).toMatchObject({ code: 0, err: [] })
        const written = await readFile(out)
        const meta = await sharp(written).metadata()
        expect([meta.format, meta.width, meta.height]).toEqual(['png', 768, 1024])
        const alpha = await sharp(written).ensureAlpha().extractChannel(3).raw().toBuffer()
        const sent = await sharp(BOTTLE).ensureAlpha().extractChannel(3).raw().toBuffer()
        expect(alpha.equals(sent)).toBe(true)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    }
  )
})

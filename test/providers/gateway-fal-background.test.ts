/**
 * fal-ai/lora/image-to-image with a background, through the real gateway and the fake fal queue: the
 * subject and the background go to IC-Light's background-conditioned weights as fal documents the fields.
 */
import { afterEach, describe, expect, it } from 'vitest'

import { createFalAdapter } from '../../src/gateway/providers/fal/adapter.js'
import { loraSettingsFrom } from '../../src/gateway/providers/fal/lora-env.js'
import type { FalLoraSettings } from '../../src/gateway/providers/fal/map-lora.js'
import type { ModelListView } from '../../src/protocol/api.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { decodeImage, encodePng } from '../../testkit/fixtures.js'
import { relightForm } from '../gateway/helpers.js'
import { neutralDisc, sideLuma, warmScene } from '../helpers/scenes.js'
import { noSleep, type ProviderGateway, startProviderGateway, waitForJob } from './gateway-helpers.js'
import { expectNoSecret, FAL_KEY } from './helpers.js'

const BG_WEIGHTS = 'https://weights.example.test/iclight_sd15_fbc.safetensors'
const FC_WEIGHTS = 'https://weights.example.test/iclight_sd15_fc.safetensors'

let fal: FakeFal | undefined
let gw: ProviderGateway | undefined
afterEach(async () => {
  await gw?.close()
  await fal?.close()
  gw = undefined
  fal = undefined
})

async function setUp(lora: Partial<FalLoraSettings>): Promise<{ fal: FakeFal; gw: ProviderGateway }> {
  fal = await startFakeFal({ key: FAL_KEY, queuePolls: 0, progressPolls: 1 })
  const adapter = createFalAdapter({
    key: FAL_KEY,
    queueUrl: fal.url,
    pollIntervalMs: 10,
    sleep: noSleep,
    lora
  })
  gw = await startProviderGateway({ falLora: lora }, { fal: adapter })
  return { fal, gw }
}

const LORA = { model: 'fal/lora-image-to-image', prompt: 'product on a kitchen counter' } as const

async function post(gateway: ProviderGateway, params: unknown, background?: Uint8Array): Promise<Response> {
  const extra: Record<string, Blob> = background
    ? { background: new Blob([background as Uint8Array<ArrayBuffer>]) }
    : {}
  const body = relightForm(params, await encodePng(neutralDisc(128)), extra)
  return fetch(`${gateway.url}/v1/relight`, { method: 'POST', body })
}

function dataUriImage(uri: unknown) {
  expect(typeof uri).toBe('string')
  const match = /^data:image\/png;base64,(.+)$/.exec(uri as string)
  expect(match).not.toBeNull()
  return decodeImage(Buffer.from(match![1]!, 'base64'))
}

describe('fal LoRA image-to-image with a background', () => {
  it('the catalog offers a background only once the background-conditioned weights are set', async () => {
    const { gw } = await setUp({ icLightModelUrl: FC_WEIGHTS, backgroundWeightsUrl: BG_WEIGHTS })
    const { models } = (await (await fetch(`${gw.url}/v1/models`)).json()) as ModelListView
    expect(models.find((m) => m.id === 'fal/lora-image-to-image')?.acceptsBackground).toBe(true)
    expect(models.find((m) => m.id === 'fal/iclight-v2')?.acceptsBackground).toBeUndefined()
  })

  it('sends the subject, the background and the FBC weights as fal documents them', async () => {
    const { fal, gw } = await setUp({ icLightModelUrl: FC_WEIGHTS, backgroundWeightsUrl: BG_WEIGHTS })
    const response = await post(gw, LORA, await encodePng(warmScene('left')))
    expect(response.status).toBe(202)
    const { id } = (await response.json()) as { id: string }
    const job = await waitForJob(gw, id)
    expect(job.status).toBe('succeeded')

    const [request] = [...fal.jobs.values()]
    const input = request!.input
    expect(request!.app).toBe('fal-ai/lora/image-to-image')
    expect(input.ic_light_model_url).toBe(BG_WEIGHTS)
    const background = await dataUriImage(input.ic_light_model_background_image_url)
    const subject = await dataUriImage(input.ic_light_image_url)
    const init = await dataUriImage(input.image_url)
    // Background, subject and start image share the subject's frame.
    expect([background.width, background.height]).toEqual([subject.width, subject.height])
    expect([init.width, init.height]).toEqual([subject.width, subject.height])
    // The background is the scene's, still bright on the left.
    expect(sideLuma(background, 'left')).toBeGreaterThan(sideLuma(background, 'right') + 40)
    // The start image is the Studio-matched subject: lit from the scene's side.
    const disc = neutralDisc(init.width)
    expect(sideLuma(init, 'left', disc)).toBeGreaterThan(sideLuma(init, 'right', disc) + 10)
    expectNoSecret(FAL_KEY, gw.seen, gw.logLines)
  })

  it('a background with the subject taken out (a frame around it) reaches fal filled from the scene, not gray', async () => {
    const { fal, gw } = await setUp({ icLightModelUrl: FC_WEIGHTS, backgroundWeightsUrl: BG_WEIGHTS })
    const scene = warmScene('left')
    const holed = new Uint8ClampedArray(scene.data)
    // The subject's place, cut out of the frame's export: transparent, its hidden colours still there.
    for (let y = 60; y < 140; y++) {
      for (let x = 120; x < 200; x++) holed.set([255, 0, 255, 0], (y * scene.width + x) * 4)
    }
    const response = await post(gw, LORA, await encodePng({ ...scene, data: holed }))
    const { id } = (await response.json()) as { id: string }
    expect((await waitForJob(gw, id)).status).toBe('succeeded')

    const [request] = [...fal.jobs.values()]
    const background = await dataUriImage(request!.input.ic_light_model_background_image_url)
    const at = (fx: number) => {
      const i = (Math.round(background.height / 2) * background.width + Math.round(fx * background.width)) * 4
      return [...background.data.subarray(i, i + 4)]
    }
    const [r, g, b, a] = at(0.5)
    expect(a).toBe(255)
    // Warm like the scene around the hole (gray 127 would have r = g = b), and none of the hidden magenta.
    expect(r! - b!).toBeGreaterThan(40)
    expect(g!).toBeGreaterThan(b!)
    // The scene's light still falls off across the hole.
    expect(at(0.4)[0]!).toBeGreaterThan(at(0.6)[0]!)
  })

  it('without a background the FC weights are sent and no background field', async () => {
    const { fal, gw } = await setUp({ icLightModelUrl: FC_WEIGHTS, backgroundWeightsUrl: BG_WEIGHTS })
    const response = await post(gw, LORA)
    const { id } = (await response.json()) as { id: string }
    expect((await waitForJob(gw, id)).status).toBe('succeeded')
    const [request] = [...fal.jobs.values()]
    expect(request!.input.ic_light_model_url).toBe(FC_WEIGHTS)
    expect('ic_light_model_background_image_url' in request!.input).toBe(false)
  })

  it('refuses a background when the admin has not set the background-conditioned weights', async () => {
    const { fal, gw } = await setUp({ icLightModelUrl: FC_WEIGHTS })
    const response = await post(gw, LORA, await encodePng(warmScene('left')))
    expect(response.status).toBe(400)
    const { error } = (await response.json()) as { error: { code: string; field: string; message: string } }
    expect(error).toMatchObject({ code: 'background_unsupported', field: 'background' })
    expect(error.message).toMatch(/Studio/)
    expect(fal.jobs.size).toBe(0)
  })

  it('the fake fal refuses a background sent without the IC-Light weights, as a validation error', async () => {
    fal = await startFakeFal({ key: FAL_KEY })
    const bg = `data:image/png;base64,${Buffer.from(await encodePng(warmScene('left', 8, 8))).toString('base64')}`
    const response = await fetch(`${fal.url}/fal-ai/lora/image-to-image`, {
      method: 'POST',
      headers: { authorization: `Key ${FAL_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model_name: 'x', prompt: 'p', ic_light_model_background_image_url: bg })
    })
    expect(response.status).toBe(422)
    const { detail } = (await response.json()) as { detail: { loc: string[] }[] }
    expect(detail[0]!.loc).toEqual(['body', 'ic_light_model_url'])
  })

  it('RELIGHT_FAL_ICLIGHT_BG_WEIGHTS must be an https URL', () => {
    expect(loraSettingsFrom({ RELIGHT_FAL_ICLIGHT_BG_WEIGHTS: BG_WEIGHTS }).backgroundWeightsUrl).toBe(
      BG_WEIGHTS
    )
    expect(() => loraSettingsFrom({ RELIGHT_FAL_ICLIGHT_BG_WEIGHTS: 'weights.bin' })).toThrow(
      /RELIGHT_FAL_ICLIGHT_BG_WEIGHTS must be an https URL/
    )
  })
})

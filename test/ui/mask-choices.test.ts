/**
 * The Mask control's choices come from each model's maskModes and the selection, each unavailable one with
 * its reason; the mask layer's pixels become grayscale (luminance × alpha) as the gateway reads a mask; the
 * request carries maskMode and the mask part, which the real gateway accepts at the export size.
 */
import './install-fake-figma.js'

import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import type { ModelView } from '../../src/protocol/api.js'
import { findModel } from '../../src/protocol/catalog.js'
import { createGatewayClient } from '../../src/protocol/client.js'
import type { ExportedLayer, Settings } from '../../src/protocol/events.js'
import { buildRelightParams } from '../../ui/lib/build-relight-params.js'
import { grayscaleMask, maskToRgba } from '../../ui/lib/grayscale-mask.js'
import { defaultMaskMode, maskChoices, resolveMaskMode } from '../../ui/lib/mask-choices.js'
import { prepareLayerRequestAsync } from '../../ui/lib/prepare-layer-request-async.js'
import { alphaMask, maskOverlay, resampleMask } from '../../ui/lib/preview-mask.js'
import { relightLayerAsync } from '../../ui/lib/relight-layer-async.js'
import { startDurable } from '../gateway/durable/gateway-durable.js'
import { tempDataDir } from '../gateway/durable/temp-dir.js'

const view = (id: string): ModelView => ({ ...findModel(id)!, available: true })
const bottle = { name: 'Bottle', hasTransparency: true }
const withMask = { ...bottle, maskLayer: { id: '9:9', name: 'Bottle mask' } }
const photo = { name: 'Photo', hasTransparency: false }

const byMode = (choices: ReturnType<typeof maskChoices>) =>
  Object.fromEntries(choices.map((choice) => [choice.mode, choice]))

describe('Mask choices', () => {
  it('offers every mode the model takes; the others are disabled saying the model can’t', () => {
    const choices = byMode(maskChoices(view('replicate/icl-glob-v1'), [withMask]))
    expect(choices.alpha).toMatchObject({ label: 'Layer transparency', available: true })
    expect(choices.none).toMatchObject({ label: 'None', available: true })
    expect(choices.image).toEqual({
      mode: 'image',
      label: 'Mask layer',
      available: false,
      reason: "IC-Light (Replicate) can't use a mask layer."
    })
    expect(choices.auto?.reason).toBe("IC-Light (Replicate) can't separate the subject by itself.")
    expect(byMode(maskChoices(view('fal/iclight-v2'), [withMask])).auto?.available).toBe(true)
  })

  it('asks for a second layer or one named “… mask” when the selection has no mask layer', () => {
    const choices = byMode(maskChoices(view('local/studio'), [bottle]))
    expect(choices.image).toMatchObject({
      available: false,
      reason: 'Select a second layer or name one “Bottle mask” next to “Bottle”.'
    })
    expect(byMode(maskChoices(view('local/studio'), [withMask])).image?.available).toBe(true)
  })

  it('defaults to Layer transparency for a transparent layer, to Auto for an opaque one, else None', () => {
    const studio = view('local/studio')
    expect(defaultMaskMode(maskChoices(studio, [bottle]))).toBe('alpha')
    const opaque = maskChoices(studio, [photo])
    expect(byMode(opaque).alpha?.reason).toMatch(/opaque/)
    expect(defaultMaskMode(opaque)).toBe('auto')
    expect(defaultMaskMode(maskChoices(view('segmind/ic-light'), [photo]))).toBe('none')
  })

  it("uses the designer's choice while the selection allows it, else the default", () => {
    const studio = view('local/studio')
    expect(resolveMaskMode('image', maskChoices(studio, [withMask]))).toBe('image')
    expect(resolveMaskMode('image', maskChoices(studio, [bottle]))).toBe('alpha')
    expect(resolveMaskMode('none', maskChoices(studio, [bottle]))).toBe('none')
  })

  it('puts the mask mode in the request only for a model that takes it', () => {
    const settings: Settings = {
      gatewayUrl: '',
      token: '',
      model: 'local/studio',
      prompt: 'warm',
      lightSource: 'left',
      output: 'auto',
      numImages: 1
    }
    expect(buildRelightParams(settings, view('local/studio'), 'scene', 'image').maskMode).toBe('image')
    expect(buildRelightParams(settings, view('segmind/ic-light'), 'scene', 'image').maskMode).toBeUndefined()
  })
})

describe('mask pixels', () => {
  it('are luminance × alpha: white opaque is subject, transparent or black is background', () => {
    const data = new Uint8ClampedArray([
      ...[255, 255, 255, 255],
      ...[255, 255, 255, 0],
      ...[0, 0, 0, 255],
      ...[255, 255, 255, 128],
      ...[255, 0, 0, 255]
    ])
    expect([...grayscaleMask({ width: 5, height: 1, data })]).toEqual([255, 0, 0, 128, 54])
    expect([...maskToRgba(new Uint8Array([7]), 1, 1).data]).toEqual([7, 7, 7, 255])
  })

  it('show over the preview: background tinted, subject clear; the mask layer resampled to the thumbnail', () => {
    const image = { width: 2, height: 1, data: new Uint8ClampedArray([0, 0, 0, 0, 9, 9, 9, 255]) }
    const mask = alphaMask(image)
    expect([...mask]).toEqual([0, 255])
    const overlay = maskOverlay(mask, 2, 1).data
    expect(overlay[3]).toBeGreaterThan(100)
    expect(overlay[7]).toBe(0)
    expect([
      ...resampleMask(new Uint8Array([0, 255]), { width: 2, height: 1 }, { width: 4, height: 2 })
    ]).toEqual([0, 0, 255, 255, 0, 0, 255, 255])
  })
})

describe('mask upload', () => {
  let gw: RunningGateway | undefined
  afterEach(() => gw?.close())

  it('sends the grayscale mask as the `mask` part with maskMode image, and the gateway accepts it at the export size', async () => {
    gw = await startDurable(tempDataDir())
    const size = 64
    const photoPng = await sharp({
      create: { width: size, height: size, channels: 4, background: { r: 120, g: 90, b: 60, alpha: 1 } }
    })
      .png()
      .toBuffer()
    // The left half is subject: what the main thread exports over the subject's box, made grayscale.
    const rgba = new Uint8ClampedArray(size * size * 4)
    for (let p = 0; p < size * size; p++)
      rgba.set(p % size < size / 2 ? [255, 255, 255, 255] : [0, 0, 0, 0], p * 4)
    const gray = maskToRgba(grayscaleMask({ width: size, height: size, data: rgba }), size, size)
    const maskPng = await sharp(Buffer.from(gray.data), { raw: { width: size, height: size, channels: 4 } })
      .png()
      .toBuffer()
    const layer: ExportedLayer = {
      id: '1:1',
      name: 'Photo',
      bytes: new Uint8Array(photoPng),
      width: size,
      height: size,
      layerWidth: size,
      layerHeight: size
    }
    const client = createGatewayClient({ baseUrl: gw.url })
    const inserted: Uint8Array[][] = []
    const placed = await relightLayerAsync({
      client,
      layer,
      params: { model: 'local/studio', prompt: 'warm', lightSource: 'left', maskMode: 'image' },
      mask: new Uint8Array(maskPng),
      signal: new AbortController().signal,
      onSubmitted: () => undefined,
      onSubmittedAfterCancel: () => undefined,
      onJob: () => undefined,
      onImages: () => undefined,
      insert: async (request) => {
        inserted.push([...request.images])
        return ['new:1']
      }
    })
    expect(placed).toBe(1)
    const jobs = (await client.jobs()).jobs
    expect(jobs[0]?.params.maskMode).toBe('image')

    // Without the mask part the gateway refuses maskMode image: the part really travelled.
    await expect(
      client.submit(layer.bytes, { model: 'local/studio', prompt: 'warm', maskMode: 'image' })
    ).rejects.toThrow(/attach the mask/)
  })
})

describe('the request for one exported layer', () => {
  const exported: ExportedLayer = {
    id: '1:1',
    name: 'Bottle',
    bytes: new Uint8Array([1]),
    width: 192,
    height: 256,
    layerWidth: 240,
    layerHeight: 320
  }
  const params = { model: 'local/studio', prompt: 'warm' }

  it('sends the exported size when the designer chose one, and the mask layer made grayscale', async () => {
    const mask = { bytes: new Uint8Array([9]), layerName: 'Bottle mask' }
    const prepared = await prepareLayerRequestAsync(
      { ...exported, mask },
      { ...params, maskMode: 'image' },
      true,
      async (png) => new Uint8Array([...png, 0])
    )
    expect(prepared).toEqual({
      params: { ...params, maskMode: 'image', width: 192, height: 256 },
      mask: new Uint8Array([9, 0])
    })
    expect(await prepareLayerRequestAsync(exported, params, false)).toEqual({ params })
  })

  it('says which layer has no mask layer when Mask layer is chosen, before anything is sent', async () => {
    await expect(prepareLayerRequestAsync(exported, { ...params, maskMode: 'image' }, false)).rejects.toThrow(
      '“Bottle” has no mask layer to use: select a second layer with it, or name one “Bottle mask” next to it.'
    )
  })
})

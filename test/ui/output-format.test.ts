/**
 * Every request the UI builds asks for a format figma.createImage can place (PNG or JPEG, never WebP), and
 * the gateway's own validation accepts it for that model; a cut-out asks for PNG to keep its transparency.
 */
import { describe, expect, it } from 'vitest'

import type { ModelView } from '../../src/protocol/api.js'
import { findModel, MODELS } from '../../src/protocol/catalog.js'
import type { Settings } from '../../src/protocol/events.js'
import { parseRelightParams } from '../../src/protocol/request.js'
import { buildRelightParams } from '../../ui/lib/build-relight-params.js'
import { pickOutputFormat, placeableFormats } from '../../ui/lib/placeable-formats.js'

const settings: Settings = {
  gatewayUrl: '',
  token: '',
  model: 'local/studio',
  prompt: 'warm sunset',
  lightSource: 'left',
  output: 'auto',
  numImages: 1
}

const view = (id: string): ModelView => ({ ...findModel(id)!, available: true })

describe('output format', () => {
  it.each(MODELS.map((model) => [model.id]))('%s: asks for PNG or JPEG, which the gateway accepts', (id) => {
    const model = view(id)
    for (const output of model.outputs) {
      const params = buildRelightParams(settings, model, output)
      expect(['png', 'jpeg']).toContain(params.outputFormat)
      const parsed = parseRelightParams(params)
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true)
    }
  })

  it('asks Replicate and Segmind, whose own default is WebP, for PNG', () => {
    for (const id of ['replicate/icl-glob-v1', 'segmind/ic-light']) {
      expect(findModel(id)!.outputFormats).toContain('webp')
      expect(buildRelightParams(settings, view(id), 'scene').outputFormat).toBe('png')
    }
  })

  it("keeps the designer's JPEG for a scene, and never a WebP choice", () => {
    const replicate = view('replicate/icl-glob-v1')
    expect(pickOutputFormat(replicate, 'scene', 'jpeg')).toBe('jpeg')
    expect(pickOutputFormat(replicate, 'scene', 'webp')).toBe('png')
    expect(placeableFormats(replicate)).toEqual(['jpeg', 'png'])
  })

  it("asks for PNG for a cut-out where the model has it, else the model's placeable default", () => {
    const fal = view('fal/iclight-v2')
    expect(pickOutputFormat(fal, 'scene')).toBe('jpeg')
    expect(pickOutputFormat(fal, 'cutout')).toBe('png')
    const jpegOnly: ModelView = {
      ...view('fal/lcm-sd15-i2i'),
      outputFormats: ['jpeg'],
      defaultOutputFormat: 'jpeg'
    }
    expect(pickOutputFormat(jpegOnly, 'cutout')).toBe('jpeg')
  })

  it('has nothing to ask a model that returns only WebP', () => {
    const webpOnly: ModelView = { ...view('replicate/icl-glob-v1'), outputFormats: ['webp'] }
    expect(pickOutputFormat(webpOnly, 'scene')).toBeUndefined()
  })
})

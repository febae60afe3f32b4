import { describe, expect, it } from 'vitest'

import { findModel, type ModelEntry } from '../../src/protocol/catalog.js'
import { PROVIDER_MODELS } from '../../src/protocol/models/index.js'
import { LIGHT_SOURCES } from '../../src/protocol/options.js'
import { parseRelightParams } from '../../src/protocol/request.js'

const IDS = [
  'fal/iclight-v2',
  'fal/lcm-sd15-i2i',
  'fal/lora-image-to-image',
  'replicate/icl-glob-v1',
  'segmind/ic-light'
]

function numberSpecs(model: ModelEntry) {
  return [model.steps, model.guidance, ...Object.values(model.options)].filter(
    (spec) => spec?.kind === 'number' || spec?.kind === 'integer'
  )
}

describe('provider catalog entries', () => {
  it('lists the five seed models in the catalog, each with its key variable', () => {
    expect(PROVIDER_MODELS.map((m) => m.id)).toEqual(IDS)
    for (const id of IDS)
      expect(findModel(id)?.keyEnv).toMatch(/^(FAL_KEY|REPLICATE_API_TOKEN|SEGMIND_API_KEY)$/)
  })

  it.each(PROVIDER_MODELS)('$id: defaults inside their ranges, sizes in multiples of 64', (model) => {
    for (const spec of numberSpecs(model)) {
      if (!spec || (spec.kind !== 'number' && spec.kind !== 'integer') || spec.default === null) continue
      expect(spec.default).toBeGreaterThanOrEqual(spec.min)
      expect(spec.default).toBeLessThanOrEqual(spec.max)
    }
    for (const spec of Object.values(model.options)) {
      if (spec.kind === 'enum') expect(spec.values).toContain(spec.default)
    }
    const { size } = model
    expect([size.min, size.max, size.defaultLongSide].every((v) => v % 64 === 0)).toBe(true)
    expect(size.defaultLongSide).toBeLessThanOrEqual(size.max)
    expect(model.outputFormats).toContain(model.defaultOutputFormat)
    expect(Object.keys(model.lightSources).sort()).toEqual([...LIGHT_SOURCES].sort())
  })

  it.each(PROVIDER_MODELS)(
    '$id: with no format named, results come as bytes figma.createImage takes (PNG or JPEG), cut-outs as PNG',
    (model) => {
      const scene = parseRelightParams({ prompt: 'p', model: model.id })
      const cutout = parseRelightParams({ prompt: 'p', model: model.id, output: 'cutout' })
      expect(scene.ok && ['png', 'jpeg'].includes(scene.params.outputFormat)).toBe(true)
      expect(cutout.ok && cutout.params.outputFormat).toBe('png')
    }
  )

  it.each(PROVIDER_MODELS)('$id: a minimal request validates with every option defaulted', (model) => {
    const result = parseRelightParams({ model: model.id, prompt: 'warm sunset' })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(Object.keys(result.params.options).sort()).toEqual(Object.keys(model.options).sort())
    expect(result.params.steps).toBe(model.steps?.default)
  })

  it('holds the documented IC-Light defaults for Replicate and Segmind', () => {
    const replicate = findModel('replicate/icl-glob-v1')!
    const segmind = findModel('segmind/ic-light')!
    expect([replicate.steps?.default, replicate.guidance?.default, replicate.maxImages]).toEqual([30, 2, 12])
    expect([segmind.steps?.default, segmind.guidance?.default, segmind.maxImages]).toEqual([25, 2, 12])
    expect(replicate.options.outputQuality).toMatchObject({ default: 100, min: 0, max: 100 })
    expect(segmind.options.outputQuality).toMatchObject({ default: 80 })
    expect(replicate.lightSources.left).toBe('Left Light')
    expect(findModel('fal/iclight-v2')!.lightSources.left).toBe('Left')
  })

  it('refuses what a model cannot do: a mask image at Replicate, 13 images, a size off the grid', () => {
    const bad = [
      [{ model: 'replicate/icl-glob-v1', maskMode: 'image' }, 'maskMode'],
      [{ model: 'segmind/ic-light', numImages: 13 }, 'numImages'],
      [{ model: 'fal/iclight-v2', width: 500 }, 'width'],
      [{ model: 'fal/lcm-sd15-i2i', maskMode: 'auto' }, 'maskMode'],
      [{ model: 'fal/lcm-sd15-i2i', outputFormat: 'gif' }, 'outputFormat'],
      [{ model: 'fal/lora-image-to-image', options: { scheduler: 'Heun' } }, 'options.scheduler']
    ] as const
    for (const [raw, field] of bad) {
      const result = parseRelightParams({ prompt: 'p', ...raw })
      expect(result.ok ? 'ok' : result.error.field).toBe(field)
    }
  })
})

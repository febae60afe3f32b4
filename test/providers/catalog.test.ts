import { describe, expect, it } from 'vitest'

import { FAL_ICLIGHT_APP } from '../../src/gateway/providers/fal/map-iclight.js'
import { FAL_LCM_APP } from '../../src/gateway/providers/fal/map-lcm.js'
import { FAL_LORA_APP } from '../../src/gateway/providers/fal/map-lora.js'
import { REPLICATE_ICL_GLOB_MODEL } from '../../src/gateway/providers/replicate/map-icl-glob.js'
import { findModel, type ModelEntry, type OptionSpec } from '../../src/protocol/catalog.js'
import { PROVIDER_MODELS } from '../../src/protocol/models/index.js'
import { LIGHT_SOURCES } from '../../src/protocol/options.js'
import { parseRelightParams } from '../../src/protocol/request.js'
import { docFields, docSpellings, fieldFilledFrom } from './provider-docs.js'

const IDS = [
  'fal/iclight-v2',
  'fal/lcm-sd15-i2i',
  'fal/lora-image-to-image',
  'replicate/icl-glob-v1',
  'segmind/ic-light'
]

/** Each catalog entry's model as the provider names it (the headings of docs/providers.md). */
const DOC_MODEL: Readonly<Record<string, string>> = {
  'fal/iclight-v2': FAL_ICLIGHT_APP,
  'fal/lcm-sd15-i2i': FAL_LCM_APP,
  'fal/lora-image-to-image': FAL_LORA_APP,
  'replicate/icl-glob-v1': REPLICATE_ICL_GLOB_MODEL,
  'segmind/ic-light': 'segmind/ic-light'
}

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
    expect([size.min, size.max, size.defaultLongSide].map((v) => v % 64)).toEqual([0, 0, 0])
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

  it.each(PROVIDER_MODELS)('$id: defaults, ranges and spellings as the provider documents them', (model) => {
    const doc = DOC_MODEL[model.id]!
    const fields = [...docFields(doc).values()]
    const specs: [string, OptionSpec | undefined][] = [
      ['params.steps', model.steps],
      ['params.guidance', model.guidance],
      ...Object.entries(model.options).map(([name, spec]): [string, OptionSpec] => [`options.${name}`, spec])
    ]
    for (const [source, spec] of specs) {
      if (!spec) continue
      const field = fieldFilledFrom(doc, source)
      expect(field, `docs/providers.md: the ${doc} field filled from ${source}`).toBeDefined()
      if (field!.default !== undefined)
        expect(spec.default, `${source} ↔ ${field!.name}`).toEqual(field!.default)
      if (spec.kind === 'number' || spec.kind === 'integer') {
        if (field!.min !== undefined) expect(spec.min, `${source} minimum`).toBeGreaterThanOrEqual(field!.min)
        if (field!.max !== undefined) expect(spec.max, `${source} maximum`).toBeLessThanOrEqual(field!.max)
      }
      if (spec.kind === 'enum' && field!.values.length > 0) expect(spec.values).toEqual(field!.values)
    }
    const images = fieldFilledFrom(doc, 'params.numImages')
    if (images?.max !== undefined) expect(model.maxImages).toBe(images.max)
    const width = docFields(doc).get('width')
    if (width?.min !== undefined) expect(model.size.min).toBeGreaterThanOrEqual(width.min)
    if (width?.max !== undefined) expect(model.size.max).toBeLessThanOrEqual(width.max)

    if (fields.some((field) => field.relight.includes('the light source'))) {
      expect(model.lightSources).toEqual(docSpellings('light-sources', doc))
    }
    const format = fields.find((field) => field.relight.includes('the output format'))
    if (format) {
      // The gateway serves every format Relight names (converting when the provider can't make it), so
      // only the formats the provider spells must be ones it documents.
      const spellings = docSpellings('output-formats', doc)
      for (const outputFormat of model.outputFormats) {
        if (spellings[outputFormat]) expect(format.values).toContain(spellings[outputFormat])
      }
      // Figma places only PNG, JPEG and GIF: Relight keeps the provider's default where Figma can place it
      // and asks for PNG where it can't (WebP).
      const placeable = [spellings.png, spellings.jpeg]
      expect(spellings[model.defaultOutputFormat]).toBe(
        placeable.includes(format.default as string) ? format.default : spellings.png
      )
    }
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

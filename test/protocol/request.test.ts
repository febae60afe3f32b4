import { describe, expect, it } from 'vitest'

import { findModel, MODELS, PROMPT_MAX_LENGTH } from '../../src/protocol/catalog.js'
import { parseRelightParams } from '../../src/protocol/request.js'

function expectFieldError(raw: unknown, field: string, messagePart: RegExp): void {
  const result = parseRelightParams(raw)
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(result.error.field).toBe(field)
  expect(result.error.message).toMatch(messagePart)
}

describe('parseRelightParams', () => {
  it('fills every default from the catalog for a minimal Studio request', () => {
    const result = parseRelightParams({ model: 'local/studio', prompt: 'warm sunset' })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const studio = findModel('local/studio')!
    expect(result.params).toMatchObject({
      model: 'local/studio',
      prompt: 'warm sunset',
      lightSource: 'none',
      maskMode: 'alpha',
      output: 'scene',
      numImages: 1,
      outputFormat: 'png',
      width: null,
      height: null
    })
    expect(result.params.options.intensity).toBe(studio.options.intensity!.default)
    expect('azimuth' in result.params.options).toBe(false)
  })

  it('trims the prompt and keeps explicit choices', () => {
    const result = parseRelightParams({
      model: 'local/studio',
      prompt: '  neon night ',
      lightSource: 'left',
      output: 'cutout',
      numImages: 3,
      options: { azimuth: 45, rim: 0.8 }
    })
    expect(result.ok && result.params).toMatchObject({
      prompt: 'neon night',
      lightSource: 'left',
      output: 'cutout',
      numImages: 3,
      options: { azimuth: 45, rim: 0.8 }
    })
  })

  it('names the prompt when it is missing or blank', () => {
    expectFieldError({ model: 'local/studio' }, 'prompt', /^Describe the light/)
    expectFieldError({ model: 'local/studio', prompt: '   ' }, 'prompt', /Describe the light/)
  })

  it('refuses a prompt over the length limit', () => {
    expectFieldError(
      { model: 'local/studio', prompt: 'x'.repeat(PROMPT_MAX_LENGTH + 1) },
      'prompt',
      /too long/
    )
  })

  it('names an unknown model and lists the available ones', () => {
    expectFieldError(
      { model: 'acme/nope', prompt: 'x' },
      'model',
      /Unknown model "acme\/nope".*local\/studio/
    )
  })

  it('refuses steps for a model that takes none', () => {
    expectFieldError({ model: 'local/studio', prompt: 'x', steps: 9999 }, 'steps', /does not take steps/)
  })

  it('refuses numImages above the model maximum', () => {
    const max = findModel('local/studio')!.maxImages
    expectFieldError({ model: 'local/studio', prompt: 'x', numImages: max + 1 }, 'numImages', /between 1 and/)
  })

  it('refuses a light source outside the five', () => {
    expectFieldError({ model: 'local/studio', prompt: 'x', lightSource: 'diagonal' }, 'lightSource', /left/)
  })

  it('asks for a model when it is missing', () => {
    expectFieldError({ prompt: 'warm' }, 'model', /^Choose a model/)
  })

  it('refuses unknown top-level parameters by name', () => {
    expectFieldError({ model: 'local/studio', prompt: 'x', strength: 1 }, 'strength', /Unknown parameter/)
  })

  it('refuses unknown and out-of-range model options by name', () => {
    expectFieldError(
      { model: 'local/studio', prompt: 'x', options: { gloss: 1 } },
      'options.gloss',
      /no option/
    )
    expectFieldError(
      { model: 'local/studio', prompt: 'x', options: { elevation: 120 } },
      'options.elevation',
      /between 0 and 90/
    )
    expectFieldError(
      { model: 'local/studio', prompt: 'x', options: { rim: 'lots' } },
      'options.rim',
      /must be a number/
    )
  })

  it('refuses a mask mode the model cannot use', () => {
    expectFieldError(
      { model: 'replicate/icl-glob-v1', prompt: 'x', maskMode: 'auto' },
      'maskMode',
      /does not take/
    )
  })

  it('refuses a non-integer seed and one out of range', () => {
    expectFieldError({ model: 'local/studio', prompt: 'x', seed: 1.5 }, 'seed', /whole number/)
    expectFieldError({ model: 'local/studio', prompt: 'x', seed: -1 }, 'seed', /0 or more/)
  })

  it('refuses a non-object body', () => {
    const result = parseRelightParams('warm')
    expect(result.ok).toBe(false)
  })
})

describe('model catalog', () => {
  it('has unique ids and consistent option defaults within their ranges', () => {
    const ids = MODELS.map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const model of MODELS) {
      for (const spec of Object.values(model.options)) {
        if ((spec.kind === 'number' || spec.kind === 'integer') && spec.default !== null) {
          expect(spec.default).toBeGreaterThanOrEqual(spec.min)
          expect(spec.default).toBeLessThanOrEqual(spec.max)
        }
        if (spec.kind === 'enum') expect(spec.values).toContain(spec.default)
      }
      expect(model.outputFormats).toContain(model.defaultOutputFormat)
    }
  })
})

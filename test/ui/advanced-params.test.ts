/**
 * The More section: generated from the model's catalog entry, its values checked with the gateway's own
 * validation (explained per field before any request), kept per model, and read back safely from storage.
 */
import { describe, expect, it } from 'vitest'

import type { ModelView } from '../../src/protocol/api.js'
import { findModel } from '../../src/protocol/catalog.js'
import type { Settings } from '../../src/protocol/events.js'
import { readModelChoices } from '../../src/protocol/model-choices.js'
import { advancedFields, advancedParams } from '../../ui/lib/advanced-params.js'
import { buildRelightParams } from '../../ui/lib/build-relight-params.js'
import { relightBlocker } from '../../ui/lib/relight-blocker.js'
import { updateModelChoices } from '../../ui/lib/update-model-choices.js'

const view = (id: string): ModelView => ({ ...findModel(id)!, available: true })
const settings: Settings = {
  gatewayUrl: '',
  token: '',
  model: 'replicate/icl-glob-v1',
  prompt: 'warm',
  lightSource: 'left',
  output: 'auto',
  numImages: 1
}

describe('More section', () => {
  it('shows only what the model takes', () => {
    expect(advancedFields(view('local/studio'))).toEqual(['seed', 'longSide'])
    expect(advancedFields(view('replicate/icl-glob-v1'))).toEqual([
      'negativePrompt',
      'seed',
      'steps',
      'guidance',
      'longSide'
    ])
  })

  it("explains each value the gateway would refuse, in the gateway's words", () => {
    const { errors, params } = advancedParams(
      view('replicate/icl-glob-v1'),
      { steps: '500', guidance: 'lots', seed: '1.5', longSide: '1000' },
      'scene'
    )
    expect(errors).toEqual({
      steps: 'steps must be between 1 and 100 (got 500).',
      guidance: 'guidance must be a number',
      seed: 'seed must be a whole number',
      longSide: 'The output size must be a multiple of 64 for IC-Light (Replicate).'
    })
    expect(params).toEqual({ outputFormat: 'png' })
    expect(advancedParams(view('segmind/ic-light'), { longSide: '2048' }, 'scene').errors.longSide).toBe(
      'The output size must be between 256 and 1024 (got 2048).'
    )
  })

  it('sends valid values; the seed only when locked', () => {
    const model = view('replicate/icl-glob-v1')
    const choices = { steps: ' 20 ', guidance: '3.5', seed: '42', negativePrompt: 'blurry', longSide: '768' }
    expect(advancedParams(model, choices, 'scene')).toEqual({
      params: { steps: 20, guidance: 3.5, negativePrompt: 'blurry', outputFormat: 'png' },
      longSide: 768,
      outputFormat: 'png',
      errors: {}
    })
    expect(advancedParams(model, { ...choices, seedLocked: true }, 'scene').params.seed).toBe(42)
    expect(advancedParams(model, { steps: '' }, 'scene').params).toEqual({ outputFormat: 'png' })
  })

  it('puts them in the request and blocks Relight, naming the field, while one is invalid', () => {
    const model = view('replicate/icl-glob-v1')
    const perModel = { [model.id]: { steps: '12', outputFormat: 'jpeg' as const } }
    expect(buildRelightParams({ ...settings, perModel }, model, 'scene')).toMatchObject({
      steps: 12,
      outputFormat: 'jpeg'
    })
    const ready = { selectionLoaded: true, layerCount: 1, model, prompt: 'warm' }
    const { errors } = advancedParams(model, { steps: '0' }, 'scene')
    expect(relightBlocker({ ...ready, advancedErrors: errors })).toBe('Fix Steps under More first.')
    expect(relightBlocker({ ...ready, advancedErrors: {} })).toBeUndefined()
  })

  it("keeps each model's values apart", () => {
    const current = { ...settings, perModel: { 'local/studio': { seed: '7', seedLocked: true } } }
    const change = updateModelChoices('replicate/icl-glob-v1', { steps: '20' })(current)
    expect(change.perModel).toEqual({
      'local/studio': { seed: '7', seedLocked: true },
      'replicate/icl-glob-v1': { steps: '20' }
    })
    const again = updateModelChoices('replicate/icl-glob-v1', { guidance: '2' })({ ...current, ...change })
    expect(again.perModel?.['replicate/icl-glob-v1']).toEqual({ steps: '20', guidance: '2' })
  })

  it('reads stored values back field by field, dropping only what is malformed', () => {
    expect(
      readModelChoices({
        'local/studio': { seed: '7', seedLocked: true, maskMode: 'image', outputFormat: 'png', steps: 5 },
        'fal/iclight-v2': { maskMode: 'magic', outputFormat: 'tiff', negativePrompt: 'dark' },
        broken: 'text',
        list: []
      })
    ).toEqual({
      'local/studio': { seed: '7', seedLocked: true, maskMode: 'image', outputFormat: 'png' },
      'fal/iclight-v2': { negativePrompt: 'dark' }
    })
    expect(readModelChoices(null)).toEqual({})
    expect(readModelChoices('x')).toEqual({})
  })
})

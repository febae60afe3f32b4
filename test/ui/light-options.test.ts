/**
 * Strength and temperature: offered where the model's catalog entry declares them (with its range and
 * default), disabled with a reason elsewhere, sent only when set, kept per model and read back from storage.
 */
import { describe, expect, it } from 'vitest'

import type { ModelView } from '../../src/protocol/api.js'
import { findModel } from '../../src/protocol/catalog.js'
import type { Settings } from '../../src/protocol/events.js'
import { readModelChoices } from '../../src/protocol/model-choices.js'
import { parseRelightParams } from '../../src/protocol/request.js'
import { buildRelightParams } from '../../ui/lib/build-relight-params.js'
import { lightControls, lightOptionParams } from '../../ui/lib/light-options.js'

const view = (id: string): ModelView => ({ ...findModel(id)!, available: true })
const settings: Settings = {
  gatewayUrl: '',
  token: '',
  model: 'local/studio',
  prompt: 'warm',
  lightSource: 'left',
  output: 'auto',
  numImages: 1
}

describe('light controls', () => {
  it('Studio takes both, with its catalog range and default', () => {
    const controls = lightControls(view('local/studio'), {})
    expect(controls.strength).toMatchObject({ usable: true, spec: { min: 0, max: 1 } })
    expect(controls.temperature).toMatchObject({ usable: true, spec: { min: -1, max: 1 } })
    const studio = findModel('local/studio')!.options
    expect(controls.strength.usable && controls.strength.value).toBe(studio.strength!.default)
    expect(controls.temperature.usable && controls.temperature.value).toBe(studio.temperature!.default)
  })

  it('a model without the option gets the control disabled, with the reason in words', () => {
    const segmind = lightControls(view('segmind/ic-light'), {})
    expect(segmind.strength).toEqual({ usable: false, reason: "IC-Light (Segmind) doesn't take a strength." })
    expect(segmind.temperature).toEqual({
      usable: false,
      reason: "IC-Light (Segmind) doesn't take a light temperature."
    })
    // fal's LCM pass has its own strength, but no colour temperature.
    const fal = lightControls(view('fal/lcm-sd15-i2i'), {})
    expect(fal.strength.usable).toBe(true)
    expect(fal.temperature.usable).toBe(false)
    expect(lightControls(undefined, {}).strength).toEqual({ usable: false, reason: 'Choose a model first.' })
  })

  it('sends only the values set, clamped to the range, and the gateway accepts them', () => {
    const studio = view('local/studio')
    expect(lightOptionParams(studio, {})).toEqual({})
    expect(lightOptionParams(studio, { strength: 0.4, temperature: 3 })).toEqual({
      strength: 0.4,
      temperature: 1
    })
    const params = buildRelightParams(
      { ...settings, perModel: { 'local/studio': { strength: 0.4, temperature: -0.6 } } },
      studio,
      'scene'
    )
    expect(params.options).toEqual({ strength: 0.4, temperature: -0.6 })
    const parsed = parseRelightParams(params)
    expect(parsed.ok && parsed.params.options).toMatchObject({ strength: 0.4, temperature: -0.6 })
    // A model without them never gets them, even when the stored choices carry some.
    const segmind = view('segmind/ic-light')
    const other = buildRelightParams(
      { ...settings, perModel: { 'segmind/ic-light': { strength: 0.4, temperature: 1 } } },
      segmind,
      'scene'
    )
    expect(other.options).toBeUndefined()
  })

  it('reads stored numbers back and drops anything else', () => {
    expect(
      readModelChoices({
        'local/studio': { strength: 0.3, temperature: -1 },
        'fal/lcm-sd15-i2i': { strength: '0.3', temperature: Number.NaN }
      })
    ).toEqual({ 'local/studio': { strength: 0.3, temperature: -1 }, 'fal/lcm-sd15-i2i': {} })
  })
})

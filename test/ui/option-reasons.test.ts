/** The reasons shown (on focus) for disabled Output and Variations options, from the model's catalog entry. */
import './install-fake-figma.js'

import { describe, expect, it } from 'vitest'

import type { ModelView } from '../../src/protocol/api.js'
import { findModel } from '../../src/protocol/catalog.js'
import { CUTOUT_SAME_AS_SCENE, outputReason, variationsReason } from '../../ui/lib/option-reasons.js'

const studio: ModelView = { ...findModel('local/studio')!, available: true }

describe('disabled option reasons', () => {
  it('Cut-out: the model cannot make one, or the layer is opaque', () => {
    expect(outputReason(studio, true)).toBeUndefined()
    expect(outputReason(studio, false)).toBe(CUTOUT_SAME_AS_SCENE)
    expect(outputReason({ ...studio, label: 'Scene-only', outputs: ['scene'] }, true)).toBe(
      "Scene-only can't make a cut-out."
    )
    expect(outputReason({ ...studio, label: 'Cut-only', outputs: ['cutout'] }, true)).toBe(
      'Cut-only makes cut-outs only.'
    )
  })

  it('Variations: the model makes fewer than the control offers', () => {
    expect(variationsReason(studio)).toBeUndefined()
    expect(variationsReason(undefined)).toBeUndefined()
    expect(variationsReason({ ...studio, label: 'Solo', maxImages: 1 })).toBe(
      'Solo makes at most 1 variation a run.'
    )
    expect(variationsReason({ ...studio, label: 'Duo', maxImages: 2 })).toBe(
      'Duo makes at most 2 variations a run.'
    )
  })
})

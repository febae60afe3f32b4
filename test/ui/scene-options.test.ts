import { describe, expect, it } from 'vitest'

import type { ModelView } from '../../src/protocol/api.js'
import { findModel, type ModelEntry } from '../../src/protocol/catalog.js'
import { parseRelightParams } from '../../src/protocol/request.js'
import { sceneChoiceReasons, sceneOptionParams } from '../../ui/lib/scene-options.js'

const view = (entry: ModelEntry): ModelView => ({ ...entry, available: true, acceptsBackground: true })
const studio = view(findModel('local/studio')!)
const lora = view(findModel('fal/lora-image-to-image')!)

describe("Match background's direction and colour for each model", () => {
  it('Studio takes both: the request carries them and validates', () => {
    expect(sceneChoiceReasons(studio)).toEqual({})
    const options = sceneOptionParams(studio, { azimuth: 0, color: '#60a0ff' })
    expect(options).toEqual({ azimuth: 0, lightColor: '#60a0ff' })
    expect(parseRelightParams({ model: studio.id, prompt: 'p', options }).ok).toBe(true)
  })

  it('unset choices add nothing: the gateway reads the scene', () => {
    expect(sceneOptionParams(studio, {})).toEqual({})
  })

  it("fal's background LoRA takes neither: both controls say why, and the request stays valid", () => {
    const reasons = sceneChoiceReasons(lora)
    expect(reasons.colorReason).toBe(
      `${lora.label} reads the light's colour off the background; choosing one is for Studio (built in).`
    )
    expect(reasons.directionReason).toMatch(/reads the light's direction off the background/)
    const options = sceneOptionParams(lora, { azimuth: 0, color: '#60a0ff' })
    expect(options).toEqual({})
    expect(parseRelightParams({ model: lora.id, prompt: 'p', options }).ok).toBe(true)
  })
})

import { lightFromPrompt } from '../../src/engine/index.js'
import type { ModelView } from '../../src/protocol/api.js'
import type { LightSource } from '../../src/protocol/options.js'
import { ADVANCED_LABELS, type AdvancedField } from './advanced-params.js'
import { placeableFormats } from './placeable-formats.js'

/** Why Relight cannot start, in words for the designer; undefined when it can. */
export function relightBlocker(input: {
  readonly selectionLoaded: boolean
  readonly layerCount: number
  readonly model: ModelView | undefined
  readonly prompt: string
  /** Absent: not checked (the light is never None then). */
  readonly lightSource?: LightSource
  /** Problems with the More section's values (explained beside each field too). */
  readonly advancedErrors?: Partial<Record<AdvancedField, string>>
}): string | undefined {
  if (!input.selectionLoaded) return 'Reading the selection…'
  if (input.layerCount === 0) return 'Select a layer to relight.'
  if (input.model === undefined) return 'No model to relight with. Check the gateway in Settings.'
  if (!input.model.available) {
    return `${input.model.label} can't be used: ${input.model.unavailableReason ?? 'the gateway has no key for it'}.`
  }
  if (placeableFormats(input.model).length === 0) {
    return `${input.model.label} returns only ${input.model.outputFormats.join(', ')}, which Figma can't place. Pick another model.`
  }
  if (input.prompt.trim() === '') return 'Describe the light in the prompt, e.g. "warm sunset".'
  if (
    input.model.provider === 'local' &&
    input.lightSource === 'none' &&
    lightFromPrompt(input.prompt).matched.length === 0
  ) {
    return 'This would place an unchanged copy: Studio needs a light (Left, Right…) or a word it knows in the prompt (warm, golden hour, neon, softbox…).'
  }
  const [field] = Object.keys(input.advancedErrors ?? {}) as AdvancedField[]
  if (field !== undefined) return `Fix ${ADVANCED_LABELS[field]} under More first.`
  return undefined
}

import type { ModelView } from '../../src/protocol/api.js'

/** Why Relight cannot start, in words for the designer; undefined when it can. */
export function relightBlocker(input: {
  readonly selectionLoaded: boolean
  readonly layerCount: number
  readonly model: ModelView | undefined
  readonly prompt: string
}): string | undefined {
  if (!input.selectionLoaded) return 'Reading the selection…'
  if (input.layerCount === 0) return 'Select a layer to relight.'
  if (input.model === undefined) return 'No model to relight with. Check the gateway in Settings.'
  if (!input.model.available) {
    return `${input.model.label} can't be used: ${input.model.unavailableReason ?? 'the gateway has no key for it'}.`
  }
  if (input.prompt.trim() === '') return 'Describe the light in the prompt, e.g. "warm sunset".'
  return undefined
}

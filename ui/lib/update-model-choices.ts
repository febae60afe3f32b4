import type { ModelChoices, Settings } from '../../src/protocol/events.js'

/** The settings change that merges `change` into `modelId`'s choices, leaving other models' untouched. */
export function updateModelChoices(
  modelId: string,
  change: Partial<ModelChoices>
): (current: Settings) => Partial<Settings> {
  return (current) => ({
    perModel: { ...current.perModel, [modelId]: { ...current.perModel?.[modelId], ...change } }
  })
}

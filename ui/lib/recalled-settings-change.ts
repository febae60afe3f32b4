import type { RecalledSettings, Settings } from '../../src/protocol/events.js'

/**
 * The form as a selected result was made: prompt, light, model, and under that model its mask and seed.
 * The seed's lock is left as the designer set it: unlocked, Relight still varies; locked, it repeats that image.
 */
export function recalledSettingsChange(recalled: RecalledSettings): (current: Settings) => Partial<Settings> {
  return (current) => {
    const choices = current.perModel?.[recalled.model] ?? {}
    return {
      prompt: recalled.prompt,
      lightSource: recalled.lightSource,
      model: recalled.model,
      perModel: {
        ...current.perModel,
        [recalled.model]: {
          ...choices,
          ...(recalled.maskMode !== undefined ? { maskMode: recalled.maskMode } : {}),
          ...(recalled.seed !== null ? { seed: String(recalled.seed) } : {})
        }
      }
    }
  }
}

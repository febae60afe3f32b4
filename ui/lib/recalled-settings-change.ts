import type { JobView } from '../../src/protocol/api.js'
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

/** A gateway job's settings, as a selected result would recall them. */
export function settingsOfJob(job: JobView): RecalledSettings {
  return {
    layerId: job.id,
    layerName: job.params.prompt,
    model: job.model,
    prompt: job.params.prompt,
    lightSource: job.params.lightSource,
    seed: job.params.seed,
    maskMode: job.params.maskMode
  }
}

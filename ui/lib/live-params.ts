import type { ModelView } from '../../src/protocol/api.js'
import type { Settings } from '../../src/protocol/events.js'
import type { Output } from '../../src/protocol/options.js'
import { REALTIME_MODEL } from '../../src/protocol/realtime.js'
import type { LiveParams } from '../hooks/use-live.js'
import { buildRelightParams } from './build-relight-params.js'

/**
 * A Live frame's settings: the prompt and the realtime model's More values (steps, guidance, negative
 * prompt, a locked seed), the same ones Place sends with the full-size job.
 */
export function liveParams(settings: Settings, models: readonly ModelView[], output: Output): LiveParams {
  const model = models.find((candidate) => candidate.id === REALTIME_MODEL)
  if (!model) return { prompt: settings.prompt }
  const params = buildRelightParams(settings, model, output)
  return {
    prompt: params.prompt,
    ...(params.seed === undefined ? {} : { seed: params.seed }),
    ...(params.steps === undefined ? {} : { steps: params.steps }),
    ...(params.guidance === undefined ? {} : { guidance: params.guidance }),
    ...(params.negativePrompt ? { negativePrompt: params.negativePrompt } : {})
  }
}

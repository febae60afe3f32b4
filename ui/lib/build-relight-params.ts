import type { ModelView } from '../../src/protocol/api.js'
import type { Settings } from '../../src/protocol/events.js'
import type { Output } from '../../src/protocol/options.js'
import type { RelightParamsInput } from '../../src/protocol/request.js'

/** The request for one layer; the gateway fills in the model's defaults for everything not set here. */
export function buildRelightParams(settings: Settings, model: ModelView, output: Output): RelightParamsInput {
  return {
    model: model.id,
    prompt: settings.prompt.trim(),
    lightSource: settings.lightSource,
    output: model.outputs.includes(output) ? output : model.outputs[0],
    numImages: Math.max(1, Math.min(settings.numImages, model.maxImages))
  }
}

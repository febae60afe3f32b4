import type { ModelView } from '../../src/protocol/api.js'
import type { Settings } from '../../src/protocol/events.js'
import type { MaskMode, Output } from '../../src/protocol/options.js'
import type { RelightParamsInput } from '../../src/protocol/request.js'
import { advancedParams } from './advanced-params.js'
import { lightOptionParams } from './light-options.js'

/**
 * The request for one layer: the form, the mask in use and the More section's valid values (always with a
 * format Figma can place); the gateway fills in the model's defaults for everything not set here.
 */
export function buildRelightParams(
  settings: Settings,
  model: ModelView,
  output: Output,
  maskMode?: MaskMode
): RelightParamsInput {
  const chosen = model.outputs.includes(output) ? output : model.outputs[0]
  const choices = settings.perModel?.[model.id] ?? {}
  const advanced = advancedParams(model, choices, chosen)
  const options = lightOptionParams(model, choices)
  return {
    model: model.id,
    prompt: settings.prompt.trim(),
    lightSource: settings.lightSource,
    output: chosen,
    numImages: Math.max(1, Math.min(settings.numImages, model.maxImages)),
    ...(maskMode !== undefined && model.maskModes.includes(maskMode) ? { maskMode } : {}),
    ...advanced.params,
    ...(Object.keys(options).length > 0 ? { options } : {})
  }
}

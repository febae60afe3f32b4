import type { ModelView } from '../../src/protocol/api.js'
import type { SceneChoices } from './scene-light-of.js'

/** Whether `model` takes the catalog option `name` (own key: `toString` is on every object, no option). */
function takes(model: ModelView | undefined, name: string): boolean {
  return model !== undefined && Object.prototype.hasOwnProperty.call(model.options, name)
}

/**
 * Why Match background's direction and colour controls are off for `model`, in words for the form; absent
 * where the model takes the designer's choice. A model that reads the light off the background itself
 * (fal's background-conditioned LoRA) gets the background and nothing else.
 */
export function sceneChoiceReasons(model: ModelView | undefined): {
  readonly directionReason?: string
  readonly colorReason?: string
} {
  if (model === undefined) return {}
  const own = `${model.label} reads the light's`
  return {
    ...(takes(model, 'azimuth')
      ? {}
      : { directionReason: `${own} direction off the background; choosing one is for Studio (built in).` }),
    ...(takes(model, 'lightColor')
      ? {}
      : { colorReason: `${own} colour off the background; choosing one is for Studio (built in).` })
  }
}

/** The request options carrying the designer's choices, on the options `model` takes. */
export function sceneOptionParams(
  model: ModelView | undefined,
  choices: SceneChoices
): Record<string, number | string> {
  return {
    ...(choices.azimuth !== undefined && takes(model, 'azimuth') ? { azimuth: choices.azimuth } : {}),
    ...(choices.color !== undefined && takes(model, 'lightColor') ? { lightColor: choices.color } : {})
  }
}

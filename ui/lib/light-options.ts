import type { ModelView } from '../../src/protocol/api.js'
import type { NumberSpec } from '../../src/protocol/catalog.js'
import type { ModelChoices } from '../../src/protocol/events.js'

/** The light controls above the More section, each tied to a catalog option of the same name. */
export const LIGHT_OPTIONS = ['strength', 'temperature'] as const
export type LightOption = (typeof LIGHT_OPTIONS)[number]

export type LightControl =
  | { readonly usable: true; readonly spec: NumberSpec; readonly value: number }
  | { readonly usable: false; readonly reason: string }

const WHAT: Readonly<Record<LightOption, string>> = {
  strength: 'a strength',
  temperature: 'a light temperature'
}

function numberSpec(model: ModelView, name: LightOption): NumberSpec | undefined {
  const spec = Object.hasOwn(model.options, name) ? model.options[name] : undefined
  return spec !== undefined && (spec.kind === 'number' || spec.kind === 'integer') ? spec : undefined
}

function clamp(value: number, spec: NumberSpec): number {
  return Math.min(spec.max, Math.max(spec.min, value))
}

/**
 * Each light control for `model`: usable with the designer's value (kept per model, clamped to the model's
 * range, else the model's default), or disabled with the reason when the model takes no such option.
 */
export function lightControls(
  model: ModelView | undefined,
  choices: ModelChoices
): Readonly<Record<LightOption, LightControl>> {
  const control = (name: LightOption): LightControl => {
    const spec = model === undefined ? undefined : numberSpec(model, name)
    if (model === undefined || spec === undefined) {
      return {
        usable: false,
        reason: model === undefined ? 'Choose a model first.' : `${model.label} doesn't take ${WHAT[name]}.`
      }
    }
    const chosen = choices[name]
    const value = chosen !== undefined ? clamp(chosen, spec) : (spec.default ?? (spec.min + spec.max) / 2)
    return { usable: true, spec, value }
  }
  return { strength: control('strength'), temperature: control('temperature') }
}

/** The request's `options` for the light controls: only values the designer set, on options the model takes. */
export function lightOptionParams(model: ModelView, choices: ModelChoices): Record<string, number> {
  const controls = lightControls(model, choices)
  const options: Record<string, number> = {}
  for (const name of LIGHT_OPTIONS) {
    const control = controls[name]
    if (control.usable && choices[name] !== undefined) options[name] = control.value
  }
  return options
}

import type { ModelView } from '../../src/protocol/api.js'
import type { SelectedLayer } from '../../src/protocol/events.js'
import { MASK_MODES, type MaskMode } from '../../src/protocol/options.js'

export const MASK_LABELS: Readonly<Record<MaskMode, string>> = {
  alpha: 'Layer transparency',
  image: 'Mask layer',
  auto: 'Auto',
  none: 'None'
}

/** What each mode does, for its tooltip. */
export const MASK_HINTS: Readonly<Record<MaskMode, string>> = {
  alpha: "The layer's own transparency separates the subject from its background.",
  image: 'A second layer marks the subject: white is subject, black or transparent is background.',
  auto: 'The model separates the subject by itself.',
  none: 'The whole image is the subject.'
}

const CANT: Readonly<Record<MaskMode, string>> = {
  alpha: "can't use a layer's transparency",
  image: "can't use a mask layer",
  auto: "can't separate the subject by itself",
  none: 'always needs a mask'
}

export interface MaskChoice {
  readonly mode: MaskMode
  readonly label: string
  readonly available: boolean
  /** Why it can't be chosen now, in words for the designer. */
  readonly reason?: string
}

type MaskLayerInfo = Pick<SelectedLayer, 'name' | 'maskLayer'> & { readonly hasTransparency: boolean }

/** Every mask mode for `model` and the selected layers, unavailable ones with the reason. */
export function maskChoices(model: ModelView, layers: readonly MaskLayerInfo[]): MaskChoice[] {
  return MASK_MODES.map((mode) => {
    const label = MASK_LABELS[mode]
    const reason = maskReason(mode, model, layers)
    return reason === undefined ? { mode, label, available: true } : { mode, label, available: false, reason }
  })
}

function maskReason(mode: MaskMode, model: ModelView, layers: readonly MaskLayerInfo[]): string | undefined {
  if (!model.maskModes.includes(mode)) return `${model.label} ${CANT[mode]}.`
  if (layers.length === 0) return undefined
  if (mode === 'image') {
    const without = layers.find((layer) => layer.maskLayer === undefined)
    if (without === undefined) return undefined
    return `Select a second layer or name one “${without.name} mask” next to “${without.name}”.`
  }
  if (mode === 'alpha' && !layers.some((layer) => layer.hasTransparency)) {
    return 'The selected layer is opaque: it has no transparency to use.'
  }
  return undefined
}

/**
 * Layer transparency for transparent layers; for an opaque photo, Auto where the model can find the subject
 * itself (a photo lit as a flat plane gets a gradient, not light), else None.
 */
export function defaultMaskMode(choices: readonly MaskChoice[]): MaskMode | undefined {
  const usable = (mode: MaskMode) => choices.find((choice) => choice.mode === mode && choice.available)
  return (usable('alpha') ?? usable('auto') ?? usable('none') ?? choices.find((choice) => choice.available))
    ?.mode
}

/**
 * The mode in use: the designer's choice while the selection allows it, else the default (the choice is
 * kept, and used again once e.g. a mask layer is selected; the control shows why it is not used now).
 */
export function resolveMaskMode(
  choice: MaskMode | undefined,
  choices: readonly MaskChoice[]
): MaskMode | undefined {
  const chosen = choices.find((entry) => entry.mode === choice)
  return chosen?.available === true ? chosen.mode : defaultMaskMode(choices)
}

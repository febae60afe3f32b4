/** What every provider mapping starts from: the validated request plus the images prepared for it. */
import type { ModelEntry } from '../../protocol/catalog.js'
import type { RelightParams } from '../../protocol/request.js'
import type { Size } from '../../protocol/size.js'

export interface ProviderImages {
  /** The subject as the model should see it (flattened onto gray 127 for models that take no mask). */
  readonly image: string
  /** White = subject, for models that take a mask. */
  readonly mask?: string
  /** The Studio-lit image, the init image of img2img models (LCM, LoRA); with a background, matched to it. */
  readonly init?: string
  /** The background behind the subject, at the subject's size, for models that take one. */
  readonly background?: string
}

export interface RelightInput {
  readonly params: RelightParams
  /** The working size, multiples of 64 within the model's limits. */
  readonly size: Size
  /** The seed to send: the request's, or one the adapter drew so that it can be reported back. */
  readonly seed: number
  readonly images: ProviderImages
}

function option(params: RelightParams, model: ModelEntry, name: string): number | string | boolean {
  const value = params.options[name] ?? model.options[name]?.default
  if (value === undefined || value === null) throw new Error(`${model.id} has no option "${name}"`)
  return value
}

export function numberOption(params: RelightParams, model: ModelEntry, name: string): number {
  const value = option(params, model, name)
  if (typeof value !== 'number') throw new Error(`option "${name}" of ${model.id} is not a number`)
  return value
}

export function stringOption(params: RelightParams, model: ModelEntry, name: string): string {
  const value = option(params, model, name)
  if (typeof value !== 'string') throw new Error(`option "${name}" of ${model.id} is not text`)
  return value
}

export function booleanOption(params: RelightParams, model: ModelEntry, name: string): boolean {
  const value = option(params, model, name)
  if (typeof value !== 'boolean') throw new Error(`option "${name}" of ${model.id} is not true/false`)
  return value
}

/** The step count or guidance the request resolved to, else the catalog default. */
export function sampling(
  value: number | null,
  fallback: { readonly default: number | null } | undefined
): number {
  const resolved = value ?? fallback?.default
  if (resolved === null || resolved === undefined) throw new Error('missing sampling default')
  return resolved
}

import type { ModelView } from '../../src/protocol/api.js'
import type { ModelChoices } from '../../src/protocol/events.js'
import type { Output, OutputFormat } from '../../src/protocol/options.js'
import { parseRelightParams, type RelightParamsInput } from '../../src/protocol/request.js'
import { pickOutputFormat } from './placeable-formats.js'

export type AdvancedField = 'negativePrompt' | 'seed' | 'steps' | 'guidance' | 'longSide'

export const ADVANCED_LABELS: Readonly<Record<AdvancedField, string>> = {
  negativePrompt: 'Negative prompt',
  seed: 'Seed',
  steps: 'Steps',
  guidance: 'Guidance',
  longSide: 'Output size'
}

export interface AdvancedParams {
  /** The valid values, ready for the request (seed only when locked). */
  readonly params: Partial<RelightParamsInput>
  /** The working size's long side the designer asked for, when valid. */
  readonly longSide?: number
  /** The format asked for; undefined when the model returns nothing Figma can place. */
  readonly outputFormat?: OutputFormat
  /** What is wrong with each value, in the gateway's own words (the same validation runs there). */
  readonly errors: Partial<Record<AdvancedField, string>>
}

/** Which of the fields this model takes (the More section shows only these). */
export function advancedFields(model: ModelView): AdvancedField[] {
  const fields: AdvancedField[] = []
  if (model.negativePrompt !== undefined) fields.push('negativePrompt')
  if (model.seed !== undefined) fields.push('seed')
  if (model.steps !== undefined) fields.push('steps')
  if (model.guidance !== undefined) fields.push('guidance')
  fields.push('longSide')
  return fields
}

/** Typed text as a number: empty is unset; anything else that is not a number stays NaN, to be refused. */
function numberOf(text: string | undefined): number | undefined {
  const trimmed = text?.trim() ?? ''
  return trimmed === '' ? undefined : Number(trimmed)
}

/** The gateway's verdict on one value (parseRelightParams reports the first problem of a request). */
function problem(model: ModelView, extra: Partial<RelightParamsInput>): string | undefined {
  const result = parseRelightParams({ model: model.id, prompt: 'check', ...extra })
  if (result.ok) return undefined
  return result.error.message
}

/**
 * The More section's values for `model` as request params, each checked the way the gateway will check
 * it, so a value it would refuse is explained beside its field before anything is sent.
 */
export function advancedParams(model: ModelView, choices: ModelChoices, output: Output): AdvancedParams {
  const params: Partial<RelightParamsInput> = {}
  const errors: Partial<Record<AdvancedField, string>> = {}
  const fields = advancedFields(model)
  let longSide: number | undefined

  const negativePrompt = choices.negativePrompt
  if (fields.includes('negativePrompt') && negativePrompt !== undefined && negativePrompt.trim() !== '') {
    const error = problem(model, { negativePrompt })
    if (error === undefined) params.negativePrompt = negativePrompt
    else errors.negativePrompt = error
  }
  for (const field of ['seed', 'steps', 'guidance'] as const) {
    const value = numberOf(choices[field])
    if (!fields.includes(field) || value === undefined) continue
    const error = problem(model, { [field]: value })
    if (error !== undefined) errors[field] = error
    else if (field !== 'seed' || choices.seedLocked === true) params[field] = value
  }
  const side = numberOf(choices.longSide)
  if (side !== undefined) {
    // The gateway checks width and height alike: the long side must pass the same range and multiple.
    const error = problem(model, { width: side })
    if (error === undefined) longSide = side
    else errors.longSide = error.replace(/^width\b/, 'The output size')
  }
  const outputFormat = pickOutputFormat(model, output, choices.outputFormat)
  if (outputFormat !== undefined) params.outputFormat = outputFormat
  return {
    params,
    errors,
    ...(longSide !== undefined ? { longSide } : {}),
    ...(outputFormat !== undefined ? { outputFormat } : {})
  }
}

/**
 * The relight request: its schema (valibot) and its validation against the model catalog. The gateway
 * calls `parseRelightParams` on every request; the UI and the CLI use the same types.
 */
import * as v from 'valibot'

import {
  findModel,
  HEX_COLOR,
  type ModelEntry,
  MODELS,
  type OptionSpec,
  PROMPT_MAX_LENGTH
} from './catalog.js'
import {
  LIGHT_SOURCES,
  type LightSource,
  MASK_MODES,
  type MaskMode,
  type Output,
  OUTPUT_FORMATS,
  type OutputFormat,
  OUTPUTS
} from './options.js'

export const SEED_MAX = 4294967295

/** What a client sends as the `params` field. */
export const RelightParamsSchema = v.strictObject({
  model: v.pipe(v.string('model must be a model id'), v.minLength(1, 'Choose a model.')),
  prompt: v.pipe(
    v.string('prompt must be text'),
    v.trim(),
    v.minLength(1, 'Describe the light in the prompt, e.g. "warm sunset".'),
    v.maxLength(PROMPT_MAX_LENGTH, `The prompt is too long: keep it under ${PROMPT_MAX_LENGTH} characters.`)
  ),
  negativePrompt: v.optional(
    v.pipe(
      v.string('negativePrompt must be text'),
      v.maxLength(
        PROMPT_MAX_LENGTH,
        `The negative prompt is too long: keep it under ${PROMPT_MAX_LENGTH} characters.`
      )
    )
  ),
  lightSource: v.optional(
    v.picklist(LIGHT_SOURCES, `lightSource must be one of ${LIGHT_SOURCES.join(', ')}.`)
  ),
  maskMode: v.optional(v.picklist(MASK_MODES, `maskMode must be one of ${MASK_MODES.join(', ')}.`)),
  output: v.optional(v.picklist(OUTPUTS, `output must be one of ${OUTPUTS.join(', ')}.`)),
  seed: v.optional(
    v.pipe(
      v.number('seed must be a number'),
      v.integer('seed must be a whole number'),
      v.minValue(0, 'seed must be 0 or more'),
      v.maxValue(SEED_MAX, `seed must be at most ${SEED_MAX}`)
    )
  ),
  steps: v.optional(v.pipe(v.number('steps must be a number'), v.integer('steps must be a whole number'))),
  guidance: v.optional(v.number('guidance must be a number')),
  numImages: v.optional(
    v.pipe(v.number('numImages must be a number'), v.integer('numImages must be a whole number'))
  ),
  width: v.optional(v.pipe(v.number('width must be a number'), v.integer('width must be a whole number'))),
  height: v.optional(v.pipe(v.number('height must be a number'), v.integer('height must be a whole number'))),
  outputFormat: v.optional(
    v.picklist(OUTPUT_FORMATS, `outputFormat must be one of ${OUTPUT_FORMATS.join(', ')}.`)
  ),
  options: v.optional(v.record(v.string(), v.union([v.number(), v.string(), v.boolean()]))),
  placement: v.optional(
    v.strictObject(
      {
        x: v.pipe(v.number('placement.x must be a number'), v.minValue(-1), v.maxValue(2)),
        y: v.pipe(v.number('placement.y must be a number'), v.minValue(-1), v.maxValue(2)),
        width: v.pipe(v.number('placement.width must be a number'), v.gtValue(0), v.maxValue(4)),
        height: v.pipe(v.number('placement.height must be a number'), v.gtValue(0), v.maxValue(4))
      },
      'placement must be { x, y, width, height }: where the subject stands on the background, as ' +
        "fractions of the background's width and height"
    )
  )
})

export type RelightParamsInput = v.InferInput<typeof RelightParamsSchema>

/** The request after validation, with every default from the catalog filled in. */
export interface RelightParams {
  readonly model: string
  readonly prompt: string
  readonly negativePrompt: string
  readonly lightSource: LightSource
  readonly maskMode: MaskMode
  readonly output: Output
  readonly seed: number | null
  readonly steps: number | null
  readonly guidance: number | null
  readonly numImages: number
  /** Requested working size; null lets the gateway pick from the image's aspect ratio. */
  readonly width: number | null
  readonly height: number | null
  readonly outputFormat: OutputFormat
  readonly options: Readonly<Record<string, number | string | boolean>>
  /**
   * With a `background` file: where the subject stands on it, as fractions of the background's width and
   * height (x, y: the subject's top-left corner). Absent: the gateway picks (Studio: centred, low).
   */
  readonly placement?: ScenePlacement
}

export interface ScenePlacement {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface FieldError {
  readonly code: 'invalid_params'
  readonly message: string
  readonly field: string
}

export type ParseResult =
  | { readonly ok: true; readonly params: RelightParams; readonly model: ModelEntry }
  | { readonly ok: false; readonly error: FieldError }

/** Client text quoted in a message: short enough that an error never reflects a huge input back. */
function quote(text: string): string {
  return text.length <= 64 ? text : `${text.slice(0, 64)}…`
}

/**
 * The option names as sent: the parsed record drops `__proto__` and `constructor` silently, and an
 * inherited name (`toString`) must not find a spec, so names are read from the raw object's own keys.
 */
function sentOptions(raw: unknown): [string, number | string | boolean][] {
  const options = (raw as { options?: unknown }).options
  if (typeof options !== 'object' || options === null) return []
  return Object.entries(options as Record<string, number | string | boolean>)
}

/** `Object.hasOwn`, for runtimes (the Figma plugin sandbox) that may predate it. */
const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key)

function fail(field: string, message: string): ParseResult {
  return { ok: false, error: { code: 'invalid_params', field, message } }
}

function checkRange(value: number, spec: { min: number; max: number }, label: string): string | undefined {
  if (value < spec.min || value > spec.max) {
    return `${label} must be between ${spec.min} and ${spec.max} (got ${value}).`
  }
  return undefined
}

function checkOption(value: number | string | boolean, spec: OptionSpec): string | undefined {
  switch (spec.kind) {
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.label} must be a number.`
      if (spec.kind === 'integer' && !Number.isInteger(value)) return `${spec.label} must be a whole number.`
      return checkRange(value, spec, spec.label)
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        return `${spec.label} must be one of ${spec.values.join(', ')}.`
      }
      return undefined
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${spec.label} must be true or false.`
    case 'string':
      if (typeof value !== 'string') return `${spec.label} must be text.`
      return value.length > spec.maxLength
        ? `${spec.label} must be at most ${spec.maxLength} characters.`
        : undefined
    case 'color':
      if (typeof value === 'string' && HEX_COLOR.test(value)) return undefined
      return (
        `${spec.label} must be a colour written #rrggbb, e.g. "#ffb070"` +
        (typeof value === 'string' ? ` (got "${quote(value)}").` : '.')
      )
  }
}

const REQUIRED_MESSAGES: Readonly<Record<string, string>> = {
  model: 'Choose a model, e.g. "local/studio".',
  prompt: 'Describe the light in the prompt, e.g. "warm sunset".'
}

/** valibot reports both a missing key and an unknown key as a `strict_object` issue; tell them apart. */
function issueMessage(issue: v.BaseIssue<unknown>, field: string): string {
  if (issue.type !== 'strict_object') return issue.message
  if (issue.expected === 'never') return `Unknown parameter "${quote(field)}".`
  return REQUIRED_MESSAGES[field] ?? `${field} is required.`
}

/**
 * Validates raw params (already JSON-parsed) against the schema and the chosen model's catalog entry.
 * The first problem found is reported with the field it concerns.
 */
export function parseRelightParams(raw: unknown): ParseResult {
  const result = v.safeParse(RelightParamsSchema, raw, { abortEarly: true })
  if (!result.success) {
    const issue = result.issues[0]
    const field = v.getDotPath(issue) ?? 'params'
    return fail(field, issueMessage(issue, field))
  }
  const input = result.output
  const model = findModel(input.model)
  if (!model) {
    return fail(
      'model',
      `Unknown model "${quote(input.model)}". Available: ${MODELS.map((m) => m.id).join(', ')}.`
    )
  }

  const maskMode = input.maskMode ?? model.maskModes[0] ?? 'none'
  if (!model.maskModes.includes(maskMode)) {
    return fail(
      'maskMode',
      `${model.label} does not take maskMode "${maskMode}"; use ${model.maskModes.join(', ')}.`
    )
  }
  const output = input.output ?? 'scene'
  if (!model.outputs.includes(output)) {
    return fail('output', `${model.label} does not support output "${output}".`)
  }
  // JPEG has no transparency: a cut-out asked without a format comes as PNG.
  const cutoutFormat = output === 'cutout' && model.outputFormats.includes('png') ? 'png' : undefined
  const outputFormat = input.outputFormat ?? cutoutFormat ?? model.defaultOutputFormat
  if (!model.outputFormats.includes(outputFormat)) {
    return fail(
      'outputFormat',
      `${model.label} returns ${model.outputFormats.join(', ')}, not ${outputFormat}.`
    )
  }

  const numbers: Array<[string, number | undefined, { min: number; max: number } | undefined, string]> = [
    ['steps', input.steps, model.steps, 'steps'],
    ['guidance', input.guidance, model.guidance, 'guidance'],
    ['numImages', input.numImages, { min: 1, max: model.maxImages }, 'numImages'],
    ['width', input.width, model.size, 'width'],
    ['height', input.height, model.size, 'height']
  ]
  for (const [field, value, spec, label] of numbers) {
    if (value === undefined) continue
    if (!spec) return fail(field, `${model.label} does not take ${label}.`)
    const problem = checkRange(value, spec, label)
    if (problem) return fail(field, problem)
  }
  for (const field of ['width', 'height'] as const) {
    const value = input[field]
    if (value !== undefined && value % model.size.multiple !== 0) {
      return fail(field, `${field} must be a multiple of ${model.size.multiple} for ${model.label}.`)
    }
  }

  const options: Record<string, number | string | boolean> = {}
  for (const [name, value] of sentOptions(raw)) {
    // Only the model's own declared options: `toString` is on every object, but it is no option.
    const spec = own(model.options, name) ? model.options[name] : undefined
    if (!spec) {
      const known = Object.keys(model.options)
      return fail(
        `options.${quote(name)}`,
        `${model.label} has no option "${quote(name)}"${known.length ? `; it takes ${known.join(', ')}` : ''}.`
      )
    }
    const problem = checkOption(value, spec)
    if (problem) return fail(`options.${name}`, problem)
    options[name] = value
  }
  for (const [name, spec] of Object.entries(model.options)) {
    if (!own(options, name) && spec.default !== null) options[name] = spec.default
  }

  return {
    ok: true,
    model,
    params: {
      model: model.id,
      prompt: input.prompt,
      negativePrompt: input.negativePrompt ?? model.negativePrompt?.default ?? '',
      lightSource: input.lightSource ?? 'none',
      maskMode,
      output,
      seed: input.seed ?? model.seed?.default ?? null,
      steps: input.steps ?? model.steps?.default ?? null,
      guidance: input.guidance ?? model.guidance?.default ?? null,
      numImages: input.numImages ?? 1,
      width: input.width ?? null,
      height: input.height ?? null,
      outputFormat,
      options,
      ...(input.placement ? { placement: input.placement } : {})
    }
  }
}

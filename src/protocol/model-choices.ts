/**
 * Reads the stored per-model choices (Settings.perModel) back from figma.clientStorage: anything of the
 * wrong shape is dropped field by field, so one bad value never costs the designer the others.
 */
import type { ModelChoices } from './events.js'
import { MASK_MODES, type MaskMode, OUTPUT_FORMATS, type OutputFormat } from './options.js'

const TEXT_FIELDS = ['negativePrompt', 'seed', 'steps', 'guidance', 'longSide'] as const

const NUMBER_FIELDS = ['strength', 'temperature'] as const

/** At most this many characters of any typed value are kept (a prompt-sized negative prompt fits). */
const MAX_TEXT = 2000

function readChoices(value: unknown): ModelChoices | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const raw = value as Record<string, unknown>
  const choices: Record<string, string | boolean | number> = {}
  for (const field of TEXT_FIELDS) {
    const text = raw[field]
    if (typeof text === 'string') choices[field] = text.slice(0, MAX_TEXT)
  }
  if (typeof raw.seedLocked === 'boolean') choices.seedLocked = raw.seedLocked
  if (MASK_MODES.includes(raw.maskMode as MaskMode)) choices.maskMode = raw.maskMode as MaskMode
  if (OUTPUT_FORMATS.includes(raw.outputFormat as OutputFormat)) {
    choices.outputFormat = raw.outputFormat as OutputFormat
  }
  for (const field of NUMBER_FIELDS) {
    const number = raw[field]
    if (typeof number === 'number' && Number.isFinite(number)) choices[field] = number
  }
  return choices as ModelChoices
}

/** The per-model map as stored, keeping only well-formed entries. */
export function readModelChoices(value: unknown): Readonly<Record<string, ModelChoices>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
  const out: Record<string, ModelChoices> = {}
  for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
    const choices = readChoices(entry)
    if (choices !== undefined) out[model] = choices
  }
  return out
}

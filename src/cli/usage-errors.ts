/**
 * The gateway names request fields as its API does (`numImages`, `options.rim`); a terminal user knows the
 * flags. This maps one onto the other, and tells which gateway refusals are usage errors (exit 2).
 */
import { ApiError } from '../protocol/client.js'

const FLAGS: Readonly<Record<string, string>> = {
  numImages: '--variations',
  seed: '--seed',
  lightSource: '--light',
  output: '--output',
  outputFormat: 'the --out extension',
  model: '--model',
  prompt: '--prompt',
  background: '--background'
}

/** The flag that sets `field`, or undefined when no flag does (the CLI sets it itself). */
export function flagFor(field: string | undefined): string | undefined {
  if (!field) return undefined
  if (field.startsWith('options.')) return `--option ${field.slice('options.'.length)}`
  return FLAGS[field]
}

/** The gateway's message in flag terms: "numImages must be …" → "--variations must be …". */
export function inFlagTerms(message: string, field: string | undefined): string {
  const flag = flagFor(field)
  if (!flag || !field) return message
  if (message.startsWith(`${field} `)) return `${flag}${message.slice(field.length)}`
  return `${flag}: ${message}`
}

/** A request the gateway refused for a parameter the user chose: a usage error, not a failed relight. */
export function isUsageError(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status === 400 &&
    (error.code === 'invalid_params' || error.code === 'background_unsupported')
  )
}

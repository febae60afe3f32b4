/**
 * The last line of defence for provider keys: every text a provider can put into a job (its logs, its
 * error) passes through here before it is stored, published or shown, whichever adapter produced it.
 * Providers have echoed a key inside a 200 answer's `error` or `logs`.
 */
import type { JobError } from '../../protocol/api.js'
import { redact } from '../upstream/errors.js'
import type { JobPatch } from './types.js'

const NO_LIMIT = Number.MAX_SAFE_INTEGER

export function redactText(text: string, secrets: readonly string[]): string {
  return secrets.length ? redact(text, secrets, NO_LIMIT) : text
}

export function redactPatch(patch: JobPatch, secrets: readonly string[]): JobPatch {
  if (!secrets.length || (!patch.logs && !patch.error)) return patch
  const error: JobError | undefined = patch.error && {
    ...patch.error,
    message: redactText(patch.error.message, secrets)
  }
  return {
    ...patch,
    ...(patch.logs ? { logs: patch.logs.map((line) => redactText(line, secrets)) } : {}),
    ...(error ? { error } : {})
  }
}

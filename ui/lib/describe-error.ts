import { ApiError } from '../../src/protocol/client.js'

/** The words for the banner: gateway errors already say what to do; anything else gets a generic next step. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error && error.message) return error.message
  return 'Something went wrong. Try again; if it keeps happening, reopen the plugin.'
}

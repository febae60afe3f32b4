import { findModel } from '../../src/protocol/catalog.js'

/** The Studio engine's catalog defaults, so the live preview looks like what local/studio returns. */
export function studioDefaults(): Record<string, number | string | boolean> {
  const options: Record<string, number | string | boolean> = {}
  for (const [name, spec] of Object.entries(findModel('local/studio')?.options ?? {})) {
    if (spec.default !== null) options[name] = spec.default
  }
  return options
}

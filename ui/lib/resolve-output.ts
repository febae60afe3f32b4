import type { Settings } from '../../src/protocol/events.js'
import type { Output } from '../../src/protocol/options.js'

/**
 * Cut-out for a layer with transparency unless the designer chose Scene; always Scene for an opaque layer,
 * where a cut-out would be the same image.
 */
export function resolveOutput(choice: Settings['output'], hasTransparency: boolean): Output {
  if (!hasTransparency) return 'scene'
  return choice === 'auto' ? 'cutout' : choice
}

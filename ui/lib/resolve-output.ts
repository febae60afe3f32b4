import type { Settings } from '../../src/protocol/events.js'
import type { Output } from '../../src/protocol/options.js'

/** Cut-out for a layer with transparency unless the designer chose; Scene otherwise. */
export function resolveOutput(choice: Settings['output'], hasTransparency: boolean): Output {
  if (choice !== 'auto') return choice
  return hasTransparency ? 'cutout' : 'scene'
}

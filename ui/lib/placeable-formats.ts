import type { ModelView } from '../../src/protocol/api.js'
import { PLACEABLE_FORMATS } from '../../src/protocol/catalog.js'
import type { Output, OutputFormat } from '../../src/protocol/options.js'

/** The formats this model returns that Figma can place, in the model's own order. */
export function placeableFormats(model: ModelView): OutputFormat[] {
  return model.outputFormats.filter((format) => PLACEABLE_FORMATS.includes(format))
}

/**
 * The format to ask for: the designer's choice when Figma can place it, else the model's default when it
 * can, else PNG (lossless, and it keeps a cut-out's transparency), else whatever placeable format remains;
 * undefined when the model returns nothing Figma can place.
 */
export function pickOutputFormat(
  model: ModelView,
  output: Output,
  choice?: OutputFormat
): OutputFormat | undefined {
  const formats = placeableFormats(model)
  if (choice !== undefined && formats.includes(choice)) return choice
  // A JPEG cut-out would lose its transparency: ask for PNG when the model has it.
  if (output === 'cutout' && formats.includes('png')) return 'png'
  if (formats.includes(model.defaultOutputFormat)) return model.defaultOutputFormat
  if (formats.includes('png')) return 'png'
  return formats[0]
}

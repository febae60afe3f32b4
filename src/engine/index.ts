// TEMPORARY STUB while the engine is being written: replaced by the real Studio engine.
import type { LightColor, RelightOptions, RgbaImage } from './types.js'

export type { LightColor, RelightOptions, Rgb, RgbaImage } from './types.js'

export function relight(image: RgbaImage, _options: RelightOptions): RgbaImage {
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) }
}

export function lightFromPrompt(_prompt: string): LightColor {
  return { color: [1, 1, 1], intensity: 1, matched: [] }
}

import type { RgbaImage } from '../../src/engine/index.js'

/**
 * Whether any pixel of the layer's exported thumbnail is not fully opaque. Figma exports what the layer
 * draws over transparency, so this is exact at thumbnail resolution: cut-outs, rounded corners and soft
 * edges count, an opaque photo or a frame with a solid fill does not.
 */
export function hasTransparency(image: RgbaImage): boolean {
  const { data } = image
  for (let index = 3; index < data.length; index += 4) {
    if (data[index] < 255) return true
  }
  return false
}

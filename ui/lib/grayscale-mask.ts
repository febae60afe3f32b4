import type { RgbaImage } from '../../src/engine/index.js'

/**
 * A mask layer's pixels as one byte a pixel, 255 = subject: its luminance (Rec. 709, as the gateway reads
 * a mask) times its alpha, so a white shape on transparency and a white-on-black painting both work and a
 * transparent area is never subject.
 */
export function grayscaleMask(image: RgbaImage): Uint8Array {
  const { data } = image
  const out = new Uint8Array(image.width * image.height)
  for (let p = 0, i = 0; p < out.length; p++, i += 4) {
    const luminance = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]
    out[p] = Math.round((luminance * data[i + 3]) / 255)
  }
  return out
}

/** The mask as opaque gray RGBA, for encoding as the PNG the gateway receives. */
export function maskToRgba(mask: Uint8Array, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let p = 0, i = 0; p < mask.length; p++, i += 4) {
    data[i] = data[i + 1] = data[i + 2] = mask[p]
    data[i + 3] = 255
  }
  return { width, height, data }
}

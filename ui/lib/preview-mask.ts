import type { RgbaImage } from '../../src/engine/index.js'
import type { MaskMode } from '../../src/protocol/options.js'

/** The layer's transparency as a mask, one byte a pixel (255 = subject). */
export function alphaMask(image: RgbaImage): Uint8Array {
  const out = new Uint8Array(image.width * image.height)
  for (let p = 0; p < out.length; p++) out[p] = image.data[p * 4 + 3]
  return out
}

/** `mask` resampled (nearest pixel) to `width` × `height`: the mask layer's export next to the thumbnail. */
export function resampleMask(mask: RgbaImage | Uint8Array, from: Size, to: Size): Uint8Array {
  const bytes = mask instanceof Uint8Array ? mask : alphaMask(mask)
  const out = new Uint8Array(to.width * to.height)
  for (let y = 0; y < to.height; y++) {
    const sy = Math.min(from.height - 1, Math.floor(((y + 0.5) * from.height) / to.height))
    for (let x = 0; x < to.width; x++) {
      const sx = Math.min(from.width - 1, Math.floor(((x + 0.5) * from.width) / to.width))
      out[y * to.width + x] = bytes[sy * from.width + sx]
    }
  }
  return out
}

interface Size {
  readonly width: number
  readonly height: number
}

/**
 * The mask over the preview: tinted red where the model will treat the pixels as background (like a quick
 * mask in an image editor), clear over the subject.
 */
export function maskOverlay(mask: Uint8Array, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let p = 0, i = 0; p < mask.length; p++, i += 4) {
    data[i] = 255
    data[i + 1] = 40
    data[i + 2] = 60
    data[i + 3] = Math.round(((255 - mask[p]) * 160) / 255)
  }
  return { width, height, data }
}

/** Whether the preview can show a mask for this mode (Auto is decided by the model, out of sight). */
export function previewableMask(mode: MaskMode | undefined): boolean {
  return mode === 'alpha' || mode === 'image' || mode === 'none'
}

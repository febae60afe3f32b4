/** Measurements on RGBA images for the engine tests. */
import type { RgbaImage } from '../../src/engine/types.js'

export type Side = 'left' | 'right' | 'top' | 'bottom'

/** Alpha-weighted mean luma (0..255) of the third of the image on `side` (the whole image if omitted). */
export function meanLuma(img: RgbaImage, side?: Side, weightAlpha: RgbaImage = img): number {
  const { width, height, data } = img
  const x0 = side === 'right' ? Math.floor((2 * width) / 3) : 0
  const x1 = side === 'left' ? Math.ceil(width / 3) : width
  const y0 = side === 'bottom' ? Math.floor((2 * height) / 3) : 0
  const y1 = side === 'top' ? Math.ceil(height / 3) : height
  let sum = 0
  let weight = 0
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 4
      const w = weightAlpha.data[i + 3] / 255
      sum += w * (0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2])
      weight += w
    }
  }
  return weight > 0 ? sum / weight : 0
}

/** Mean red over mean blue, alpha-weighted. */
export function redBlueRatio(img: RgbaImage): number {
  let r = 0
  let b = 0
  for (let i = 0; i < img.data.length; i += 4) {
    const w = img.data[i + 3]
    r += w * img.data[i]
    b += w * img.data[i + 2]
  }
  return r / Math.max(1, b)
}

/** PSNR in dB over all four channels. */
export function psnr(a: RgbaImage, b: RgbaImage): number {
  let se = 0
  for (let i = 0; i < a.data.length; i++) {
    const d = a.data[i] - b.data[i]
    se += d * d
  }
  const mse = se / a.data.length
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse)
}

export function alphaChannel(img: RgbaImage): Uint8Array {
  const out = new Uint8Array(img.width * img.height)
  for (let p = 0; p < out.length; p++) out[p] = img.data[p * 4 + 3]
  return out
}

/** A width x height image filled by `pixel(x, y)` -> [r, g, b, a]. */
export function synthetic(
  width: number,
  height: number,
  pixel: (x: number, y: number) => readonly [number, number, number, number]
): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y)
      const i = (y * width + x) * 4
      data[i] = r
      data[i + 1] = g
      data[i + 2] = b
      data[i + 3] = a
    }
  }
  return { width, height, data }
}

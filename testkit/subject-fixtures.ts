/** Packshots for the auto-mask tests: RGBA fixtures flattened onto the backgrounds studios shoot on. */
import type { RgbaImage } from '../src/engine/types.js'

export interface Backdrop {
  readonly name: string
  /** sRGB colour of the background at row `y` of `height`. */
  readonly colour: (y: number, height: number) => readonly [number, number, number]
}

export const BACKDROPS: readonly Backdrop[] = [
  { name: 'white', colour: () => [255, 255, 255] },
  { name: 'light gray', colour: () => [214, 214, 214] },
  {
    // A sweep lit from above: near white at the top, a soft warm gray at the bottom.
    name: 'soft vertical gradient',
    colour: (y, h) => {
      const t = h > 1 ? y / (h - 1) : 0
      return [250 - 48 * t, 248 - 50 * t, 244 - 56 * t]
    }
  }
]

/** Composites straight RGBA over `backdrop` in sRGB (as editors flatten), keeping the true alpha apart. */
export function flatten(image: RgbaImage, backdrop: Backdrop): { photo: RgbaImage; truth: Uint8Array } {
  const { width, height, data } = image
  const out = new Uint8ClampedArray(data.length)
  const truth = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    const [br, bg, bb] = backdrop.colour(y, height)
    for (let x = 0; x < width; x++) {
      const p = y * width + x
      const i = p * 4
      const a = data[i + 3] / 255
      out[i] = Math.round(br + (data[i] - br) * a)
      out[i + 1] = Math.round(bg + (data[i + 1] - bg) * a)
      out[i + 2] = Math.round(bb + (data[i + 2] - bb) * a)
      out[i + 3] = 255
      truth[p] = data[i + 3]
    }
  }
  return { photo: { width, height, data: out }, truth }
}

/**
 * The logo fixture is an opaque disc on white, with no alpha to compare with: its subject is the disc,
 * found from the bounding box of the pixels that are not white, with an anti-aliased edge of one pixel.
 */
export function logoAsCutout(logo: RgbaImage): RgbaImage {
  const { width, height, data } = logo
  let x0 = width
  let y0 = height
  let x1 = 0
  let y1 = 0
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      if (Math.min(data[i], data[i + 1], data[i + 2]) < 240) {
        x0 = Math.min(x0, x)
        y0 = Math.min(y0, y)
        x1 = Math.max(x1, x + 1)
        y1 = Math.max(y1, y + 1)
      }
    }
  }
  const cx = (x0 + x1) / 2
  const cy = (y0 + y1) / 2
  const r = Math.min(x1 - x0, y1 - y0) / 2
  const out = new Uint8ClampedArray(data)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy)
      out[(y * width + x) * 4 + 3] = Math.round(255 * Math.min(1, Math.max(0, r - d + 0.5)))
    }
  }
  return { width, height, data: out }
}

/** Intersection over union of the pixels at or above half alpha. */
export function halfAlphaIoU(found: Uint8Array, truth: Uint8Array): number {
  let inter = 0
  let union = 0
  for (let p = 0; p < truth.length; p++) {
    const a = found[p] >= 128
    const b = truth[p] >= 128
    if (a && b) inter++
    if (a || b) union++
  }
  return union === 0 ? 1 : inter / union
}

/** Soft intersection over union (sum of minima over sum of maxima): defined for translucent subjects. */
export function softIoU(found: Uint8Array, truth: Uint8Array): number {
  let inter = 0
  let union = 0
  for (let p = 0; p < truth.length; p++) {
    inter += Math.min(found[p], truth[p])
    union += Math.max(found[p], truth[p])
  }
  return union === 0 ? 1 : inter / union
}

/** Synthetic scenes for matching a subject to a background: a warm side-lit backdrop and a neutral cut-out. */
import type { RgbaImage } from '../../src/engine/types.js'

function filled(
  width: number,
  height: number,
  pixel: (x: number, y: number) => readonly number[]
): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4)
  }
  return { width, height, data }
}

/** A warm gradient backdrop, bright on the side `from` and falling off across the image. */
export function warmScene(from: 'left' | 'right', width = 320, height = 200): RgbaImage {
  return filled(width, height, (x) => {
    const t = from === 'left' ? 1 - x / (width - 1) : x / (width - 1)
    const level = 0.2 + 0.8 * t
    return [Math.round(250 * level), Math.round(190 * level), Math.round(120 * level), 255]
  })
}

/** A neutral grey disc on transparency: a cut-out with no colour of its own. */
export function neutralDisc(size = 100): RgbaImage {
  const c = (size - 1) / 2
  return filled(size, size, (x, y) =>
    Math.hypot(x - c, y - c) < size * 0.42 ? [150, 150, 150, 255] : [0, 0, 0, 0]
  )
}

/** Alpha-weighted mean luma (0..255) of the left or right third of `img`, weighted by `weight`'s alpha. */
export function sideLuma(img: RgbaImage, side: 'left' | 'right', weight: RgbaImage = img): number {
  const { width, height, data } = img
  const x0 = side === 'right' ? Math.floor((2 * width) / 3) : 0
  const x1 = side === 'left' ? Math.ceil(width / 3) : width
  let sum = 0
  let total = 0
  for (let y = 0; y < height; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 4
      const w = weight.data[i + 3]
      sum += w * (0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2])
      total += w
    }
  }
  return total > 0 ? sum / total : 0
}

/** Mean red over mean blue, weighted by `weight`'s alpha. */
export function warmth(img: RgbaImage, weight: RgbaImage = img): number {
  let r = 0
  let b = 0
  for (let i = 0; i < img.data.length; i += 4) {
    r += weight.data[i + 3] * img.data[i]
    b += weight.data[i + 3] * img.data[i + 2]
  }
  return r / Math.max(1, b)
}

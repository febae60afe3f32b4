/** Measurements on relit photos: per-pixel gain of the light, and how much of it a plane explains. */
import type { RgbaImage } from '../../src/engine/types.js'

const luma = (d: Uint8ClampedArray, i: number): number =>
  0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]

/** Output luma over input luma a pixel (1 = unchanged); pixels darker than 16 in the input give 1. */
export function gainMap(input: RgbaImage, output: RgbaImage): Float32Array {
  const gain = new Float32Array(input.width * input.height)
  for (let p = 0, i = 0; p < gain.length; p++, i += 4) {
    const a = luma(input.data, i)
    gain[p] = a < 16 ? 1 : luma(output.data, i) / a
  }
  return gain
}

/** Mean gain over the pixels `weight` selects (weight 0..255), in the third of the subject on `side`. */
export function sideGain(
  gain: Float32Array,
  weight: Uint8Array,
  width: number,
  side: 'left' | 'right'
): number {
  const height = gain.length / width
  let x0 = width
  let x1 = 0
  for (let p = 0; p < weight.length; p++) {
    if (weight[p] < 255) continue
    const x = p % width
    if (x < x0) x0 = x
    if (x >= x1) x1 = x + 1
  }
  const third = (x1 - x0) / 3
  const from = side === 'left' ? x0 : x1 - third
  const to = side === 'left' ? x0 + third : x1
  let sum = 0
  let n = 0
  for (let y = 0; y < height; y++) {
    for (let x = Math.ceil(from); x < to; x++) {
      const p = y * width + x
      if (weight[p] < 255) continue
      sum += gain[p]
      n++
    }
  }
  return n > 0 ? sum / n : 1
}

/** Pearson correlation of two fields over the pixels where `weight` is 255. */
export function correlation(a: Float32Array, b: Float32Array, weight: Uint8Array): number {
  let n = 0
  let sa = 0
  let sb = 0
  for (let p = 0; p < a.length; p++) {
    if (weight[p] < 255) continue
    n++
    sa += a[p]
    sb += b[p]
  }
  const ma = sa / n
  const mb = sb / n
  let cov = 0
  let va = 0
  let vb = 0
  for (let p = 0; p < a.length; p++) {
    if (weight[p] < 255) continue
    cov += (a[p] - ma) * (b[p] - mb)
    va += (a[p] - ma) ** 2
    vb += (b[p] - mb) ** 2
  }
  return cov / Math.sqrt(va * vb)
}

/**
 * The gain's spread left once the best plane (a + b x + c y, least squares) is taken out, as a standard
 * deviation: 0 for a flat gradient, large when the light follows shapes in the picture.
 */
export function residualAfterPlane(gain: Float32Array, width: number): number {
  const height = gain.length / width
  // Normal equations of the three terms.
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0]
  const r = [0, 0, 0]
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const f = [1, x / width, y / height]
      const g = gain[y * width + x]
      for (let i = 0; i < 3; i++) {
        r[i] += f[i] * g
        for (let j = 0; j < 3; j++) m[i * 3 + j] += f[i] * f[j]
      }
    }
  }
  const c = solve3(m, r)
  let se = 0
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = gain[y * width + x] - (c[0] + (c[1] * x) / width + (c[2] * y) / height)
      se += d * d
    }
  }
  return Math.sqrt(se / gain.length)
}

function solve3(m: number[], r: number[]): number[] {
  const det = (a: number[]): number =>
    a[0] * (a[4] * a[8] - a[5] * a[7]) -
    a[1] * (a[3] * a[8] - a[5] * a[6]) +
    a[2] * (a[3] * a[7] - a[4] * a[6])
  const d = det(m)
  return [0, 1, 2].map((k) => {
    const a = [...m]
    for (let i = 0; i < 3; i++) a[i * 3 + k] = r[i]
    return det(a) / d
  })
}

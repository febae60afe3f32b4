/**
 * Halving and doubling of grid fields. The smooth, wide steps (the inflated body, the contact shadow) run
 * on a half-resolution copy of the grid, a quarter of the cells, and come back by bilinear interpolation.
 */

/** Longest side above which the wide steps run at half resolution. */
export const COARSE_FROM = 96

export interface Coarse {
  /** 1 or 2: grid cells a coarse cell, along each axis. */
  readonly factor: number
  readonly width: number
  readonly height: number
}

export function coarseOf(width: number, height: number): Coarse {
  const factor = Math.max(width, height) > COARSE_FROM ? 2 : 1
  return { factor, width: Math.ceil(width / factor), height: Math.ceil(height / factor) }
}

/** Averages `factor` x `factor` blocks of `src` (width x height) into `dst` (the coarse size). */
export function downsample(
  src: Float32Array,
  width: number,
  height: number,
  c: Coarse,
  dst: Float32Array
): void {
  if (c.factor === 1) {
    dst.set(src.subarray(0, width * height))
    return
  }
  dst.fill(0, 0, c.width * c.height)
  for (let y = 0; y < height; y++) {
    const row = (y >> 1) * c.width
    for (let x = 0, i = y * width; x < width; x++, i++) dst[row + (x >> 1)] += src[i]
  }
  // Divide by the cells each block really had (the last row and column may be half blocks).
  for (let cy = 0, j = 0; cy < c.height; cy++) {
    const h = Math.min(2, height - cy * 2)
    for (let cx = 0; cx < c.width; cx++, j++) dst[j] /= h * Math.min(2, width - cx * 2)
  }
}

/** Bilinear interpolation of the coarse field `src` back onto the grid (width x height) into `dst`. */
export function upsample(
  src: Float32Array,
  c: Coarse,
  width: number,
  height: number,
  dst: Float32Array
): void {
  if (c.factor === 1) {
    dst.set(src.subarray(0, width * height))
    return
  }
  const cw = c.width
  const lastX = cw - 1
  const lastY = c.height - 1
  // Coarse cell c's center sits at grid coordinate 2c + 0.5, so grid cell g samples at g / 2 - 0.25.
  const col0 = new Int32Array(width)
  const col1 = new Int32Array(width)
  const colT = new Float32Array(width)
  for (let x = 0; x < width; x++) {
    const fx = x / 2 - 0.25
    const x0 = fx <= 0 ? 0 : Math.min(Math.floor(fx), lastX)
    col0[x] = x0
    col1[x] = x0 < lastX ? x0 + 1 : x0
    colT[x] = fx <= 0 ? 0 : Math.min(1, fx - x0)
  }
  for (let y = 0; y < height; y++) {
    const fy = y / 2 - 0.25
    const y0 = fy <= 0 ? 0 : Math.min(Math.floor(fy), lastY)
    const ty = fy <= 0 ? 0 : Math.min(1, fy - y0)
    const r0 = y0 * cw
    const r1 = (y0 < lastY ? y0 + 1 : y0) * cw
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const a = r0 + col0[x]
      const b = r0 + col1[x]
      const tx = colT[x]
      const top = src[a] + (src[b] - src[a]) * tx
      const bottom = src[a - r0 + r1] + (src[b - r0 + r1] - src[a - r0 + r1]) * tx
      dst[i] = top + (bottom - top) * ty
    }
  }
}

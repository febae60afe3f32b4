/**
 * Step 1: the subject on the working grid. The shape steps (distance transform, height field, normals,
 * shading) run on a grid of at most `GRID_MAX` cells a side, each cell the average of `scale` x `scale`
 * pixels, and the result is interpolated back to full resolution. The light varies smoothly, so this loses
 * nothing visible and keeps the cost of those steps flat from a thumbnail to 4096 px.
 *
 * Averages are premultiplied: a cell's luma is the coverage-weighted mean of its subject pixels, so the
 * colors hiding under transparent pixels (often black) never leak into the shape as a dark fringe.
 */
import type { RgbaImage } from './types.js'
import { SHIFTS, wordsOf } from './words.js'

/** Channel shifts as constants the compiler folds into the hot loops. */
const [SR, SG, SB, SA] = SHIFTS

/** Longest grid side. */
export const GRID_MAX = 256
/** Images at least this long get at least 2 x 2 pixels a cell: the preview then costs a quarter. */
export const GRID_HALVE_FROM = 160
/**
 * Images at least this long get at least 4 x 4 pixels a cell, the cell a 1024 px image gets anyway: the light
 * is smooth at that scale, and the thumbnail and the preview then cost a sixteenth of a pixel-sized grid.
 */
export const GRID_QUARTER_FROM = 256
/** Coverage from which a cell is inside the silhouette: low, so the glass's 26 % body counts as subject. */
export const SUBJECT_COVERAGE = 0.15

export interface SubjectGrid {
  /** Pixels a cell, along each axis. */
  readonly scale: number
  readonly width: number
  readonly height: number
  /** Subject coverage 0..1 a cell: alpha times the mask, averaged. */
  readonly coverage: Float32Array
  /** Coverage-weighted mean luma 0..1 of the subject in the cell (0 where nothing covers it). */
  readonly luma: Float32Array
  /** Every pixel is fully subject: no silhouette to inflate (an opaque photo without a mask). */
  readonly opaque: boolean
  /** Some pixel is not fully opaque: the scene output has a background to show. */
  readonly transparent: boolean
  /** Bounding box of the subject in pixels, to cell precision (x1, y1 exclusive); the image when empty. */
  readonly bounds: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number }
}

export function gridScale(width: number, height: number): number {
  const long = Math.max(width, height)
  const scale = Math.max(1, Math.ceil(long / GRID_MAX))
  return long >= GRID_QUARTER_FROM ? Math.max(scale, 4) : long >= GRID_HALVE_FROM ? Math.max(scale, 2) : scale
}

/** Builds the grid from the image's alpha and the optional mask (255 = subject) in one pass. */
export function subjectGrid(image: RgbaImage, mask?: Uint8Array): SubjectGrid {
  const { width, height, data } = image
  if (mask && mask.length !== width * height) {
    throw new RangeError(`mask has ${mask.length} bytes; expected ${width * height} (one per pixel)`)
  }
  const scale = gridScale(width, height)
  const gw = Math.max(1, Math.ceil(width / scale))
  const gh = Math.max(1, Math.ceil(height / scale))
  // Sums a cell: coverage in 1/255 steps, and coverage times luma (weights / 256); normalized in place.
  const sumC = new Float32Array(gw * gh)
  const sumL = new Float32Array(gw * gh)
  let alphaSum = 0
  if (mask) {
    const cell = new Int32Array(width)
    for (let x = 0; x < width; x++) cell[x] = (x / scale) | 0
    for (let y = 0, i = 0, p = 0; y < height; y++) {
      const grow = ((y / scale) | 0) * gw
      for (let x = 0; x < width; x++, p++, i += 4) {
        const a = data[i + 3]
        alphaSum += a
        const c = a === 255 ? mask[p] : (a * mask[p]) / 255
        if (c === 0) continue
        const g = grow + cell[x]
        sumC[g] += c
        sumL[g] += c * (54 * data[i] + 183 * data[i + 1] + 19 * data[i + 2])
      }
    }
  } else {
    // A cell at a time, its rows in turn: sums in locals, the arrays touched once a cell.
    const words = wordsOf(data)
    for (let gy = 0, g = 0; gy < gh; gy++) {
      const y0 = gy * scale
      const y1 = y0 + scale < height ? y0 + scale : height
      for (let gx = 0; gx < gw; gx++, g++) {
        const x0 = gx * scale
        const x1 = x0 + scale < width ? x0 + scale : width
        let c = 0
        let l = 0
        for (let y = y0; y < y1; y++) {
          const end = y * width + x1
          for (let p = y * width + x0; p < end; p++) {
            const w = words[p]
            const a = (w >>> SA) & 255
            if (a === 0) continue
            c += a
            l += a * (54 * ((w >>> SR) & 255) + 183 * ((w >>> SG) & 255) + 19 * ((w >>> SB) & 255))
          }
        }
        sumC[g] = c
        sumL[g] = l
      }
    }
  }
  const full = 255 * width * height
  return finish(sumC, sumL, scale, width, height, (total) => (mask ? alphaSum : total) !== full)
}

/**
 * The grid of an opaque image with the subject given by `alpha` (one byte a pixel, 255 = subject), in one
 * pass, as the grid of the cut-out the alpha makes of it: coverage from the alpha, luma weighted by it (the
 * background's pixels, most of a packshot, cost a read and no arithmetic). Undefined when the image is not
 * opaque after all: that pass is also the check, so an opaque photo is read once.
 */
export function subjectGridWithAlpha(image: RgbaImage, alpha: Uint8Array): SubjectGrid | undefined {
  const { width, height, data } = image
  const scale = gridScale(width, height)
  const gw = Math.max(1, Math.ceil(width / scale))
  const gh = Math.max(1, Math.ceil(height / scale))
  const sumC = new Float32Array(gw * gh)
  const sumL = new Float32Array(gw * gh)
  const words = wordsOf(data)
  const opaque = 255 << SA
  let seen = opaque
  for (let gy = 0, g = 0; gy < gh; gy++) {
    const y0 = gy * scale
    const y1 = y0 + scale < height ? y0 + scale : height
    for (let gx = 0; gx < gw; gx++, g++) {
      const x0 = gx * scale
      const x1 = x0 + scale < width ? x0 + scale : width
      let c = 0
      let l = 0
      for (let y = y0; y < y1; y++) {
        const end = y * width + x1
        for (let p = y * width + x0; p < end; p++) {
          const w = words[p]
          seen &= w
          const a = alpha[p]
          if (a === 0) continue
          c += a
          l += a * (54 * ((w >>> SR) & 255) + 183 * ((w >>> SG) & 255) + 19 * ((w >>> SB) & 255))
        }
      }
      sumC[g] = c
      sumL[g] = l
    }
  }
  if ((seen & opaque) !== opaque) return undefined
  return finish(sumC, sumL, scale, width, height, () => false)
}

/**
 * The grid from its sums a cell, normalized in place: `sumC` the coverage in 1/255 steps, `sumL` the luma
 * weights (/ 256) times the coverage.
 */
function finish(
  sumC: Float32Array,
  sumL: Float32Array,
  scale: number,
  width: number,
  height: number,
  transparent: (total: number) => boolean
): SubjectGrid {
  const gw = Math.max(1, Math.ceil(width / scale))
  const gh = Math.max(1, Math.ceil(height / scale))
  // Normalize: luma by the covered amount, coverage by the cell's pixel count (edge cells are partial).
  const coverage = sumC
  const luma = sumL
  let total = 0
  let gx0 = gw
  let gy0 = gh
  let gx1 = 0
  let gy1 = 0
  for (let gy = 0, g = 0; gy < gh; gy++) {
    const ch = Math.min(scale, height - gy * scale)
    for (let gx = 0; gx < gw; gx++, g++) {
      const pixels = ch * Math.min(scale, width - gx * scale)
      const c = sumC[g]
      luma[g] = c > 0 ? sumL[g] / (c * 65280) : 0
      if (c === 0) continue
      total += c
      coverage[g] = c / (255 * pixels)
      if (gx < gx0) gx0 = gx
      if (gx >= gx1) gx1 = gx + 1
      if (gy < gy0) gy0 = gy
      gy1 = gy + 1
    }
  }
  return {
    scale,
    width: gw,
    height: gh,
    coverage,
    luma,
    opaque: total === 255 * width * height,
    transparent: transparent(total),
    bounds:
      gx1 > gx0
        ? {
            x0: gx0 * scale,
            y0: gy0 * scale,
            x1: Math.min(width, gx1 * scale),
            y1: Math.min(height, gy1 * scale)
          }
        : { x0: 0, y0: 0, x1: width, y1: height }
  }
}

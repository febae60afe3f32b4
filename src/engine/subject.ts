/**
 * The auto subject mask: separates the subject of an opaque photo (a packshot on a plain, light or softly
 * graded background) from that background, in four steps.
 *
 * 1. Colour grid: the image averaged into cells of at most `SEG_MAX` a side.
 * 2. Background model: a smooth colour surface fitted to the border cells (border-model.ts). When the
 *    borders are not one plain or graded background (a landscape, a texture, a portrait in a room), there
 *    is no clear subject and the caller is told why.
 * 3. Labels: background is flooded in from the border through cells close to the model's colour; enclosed
 *    pockets of background colour large enough to be seen (a handle, the gap under an arm) are background
 *    too; everything else is subject.
 * 4. Edge refinement at full resolution, only in the band of cells where the labels change: each pixel's
 *    alpha solves the compositing equation C = a F + (1 - a) B along the line from the background colour B
 *    to the nearby subject colour F. Anti-aliased and soft edges keep their partial coverage, and the edge
 *    follows the pixels, not the cells.
 */
import { type BorderModel, fitBorder } from './border-model.js'
import type { RgbaImage } from './types.js'

/** Longest side of the colour grid. */
export const SEG_MAX = 160
/** Share of border cells the background model must explain for the background to count as plain. */
const MIN_PLAIN_BORDER = 0.6
/** Noise (RGB distance of cell means) above which the border is a texture, not a backdrop. */
const MAX_BACKGROUND_NOISE = 8
/** Colour distance bounds: flood threshold and the ramp's foot (where alpha starts above 0). */
const FLOOD_MIN = 14
const RAMP_FOOT_MIN = 8
/** An enclosed pocket of background colour becomes background from this share of the cells... */
const HOLE_MIN_SHARE = 0.004
/**
 * ...up to this share of the area the flood did not reach: a handle or the gap under an arm is a small part
 * of the silhouette, while a pocket most of the silhouette is the inside of something clear (a glass).
 */
const HOLE_MAX_OF_SILHOUETTE = 0.3
/** The subject must cover between these shares of the image to be a subject at all. */
const SUBJECT_MIN_SHARE = 0.005
const SUBJECT_MAX_SHARE = 0.92

export type Subject =
  | {
      readonly found: true
      /** One byte a pixel, 255 = subject, partial on soft edges. */
      readonly alpha: Uint8Array
      /** Share of the image the subject covers (0..1). */
      readonly share: number
    }
  | { readonly found: false; readonly reason: string }

export function findSubject(image: RgbaImage): Subject {
  const { width, height } = image
  const scale = Math.max(1, Math.ceil(Math.max(width, height) / SEG_MAX))
  const gw = Math.ceil(width / scale)
  const gh = Math.ceil(height / scale)
  const cells = gw * gh
  const rgb = colourGrid(image, scale, gw, gh)
  const model = fitBorder(rgb, gw, gh)
  if (model.inliers < MIN_PLAIN_BORDER || model.noise > MAX_BACKGROUND_NOISE) {
    return { found: false, reason: 'the edges of the image are not a plain or softly graded background' }
  }
  const bg = new Float32Array(cells * 3)
  const dist = new Float32Array(cells)
  distances(rgb, model, gw, gh, bg, dist)

  const flood = Math.max(FLOOD_MIN, 5 * model.noise)
  const isBackground = labelBackground(dist, gw, gh, flood)
  let count = 0
  for (let i = 0; i < cells; i++) if (!isBackground[i]) count++
  const share = count / cells
  if (share < SUBJECT_MIN_SHARE) return { found: false, reason: 'nothing stands out from the background' }
  if (share > SUBJECT_MAX_SHARE) return { found: false, reason: 'the subject fills the whole frame' }

  const foot = Math.max(RAMP_FOOT_MIN, 4 * model.noise)
  const alpha = refineEdges(image, scale, gw, gh, isBackground, bg, dist, foot)
  return { found: true, alpha, share }
}

/** Mean colour a cell. Large cells are sampled on every other row and column: a quarter of the reads. */
function colourGrid(image: RgbaImage, scale: number, gw: number, gh: number): Float32Array {
  const { width, height, data } = image
  const step = scale >= 4 ? 2 : 1
  const sums = new Float32Array(gw * gh * 3)
  const counts = new Float32Array(gw * gh)
  const cell = new Int32Array(width)
  for (let x = 0; x < width; x++) cell[x] = (x / scale) | 0
  for (let y = 0; y < height; y += step) {
    const row = ((y / scale) | 0) * gw
    for (let x = 0, i = y * width * 4; x < width; x += step, i += 4 * step) {
      const g = row + cell[x]
      sums[g * 3] += data[i]
      sums[g * 3 + 1] += data[i + 1]
      sums[g * 3 + 2] += data[i + 2]
      counts[g]++
    }
  }
  for (let g = 0; g < gw * gh; g++) {
    const inv = counts[g] > 0 ? 1 / counts[g] : 0
    sums[g * 3] *= inv
    sums[g * 3 + 1] *= inv
    sums[g * 3 + 2] *= inv
  }
  return sums
}

function distances(
  rgb: Float32Array,
  model: BorderModel,
  gw: number,
  gh: number,
  bg: Float32Array,
  dist: Float32Array
): void {
  // The surface a row at a time: at a fixed v each channel is a quadratic in u, three numbers.
  const k = model.coef
  const su = gw > 1 ? 2 / (gw - 1) : 0
  const sv = gh > 1 ? 2 / (gh - 1) : 0
  const row = new Float64Array(9)
  for (let y = 0, i = 0; y < gh; y++) {
    const v = gh > 1 ? y * sv - 1 : 0
    for (let c = 0; c < 3; c++) {
      const o = c * 6
      row[c * 3] = k[o] + k[o + 2] * v + k[o + 4] * v * v
      row[c * 3 + 1] = k[o + 1] + k[o + 5] * v
      row[c * 3 + 2] = k[o + 3]
    }
    for (let x = 0; x < gw; x++, i++) {
      const u = gw > 1 ? x * su - 1 : 0
      const r = row[0] + (row[1] + row[2] * u) * u
      const g = row[3] + (row[4] + row[5] * u) * u
      const b = row[6] + (row[7] + row[8] * u) * u
      bg[i * 3] = r
      bg[i * 3 + 1] = g
      bg[i * 3 + 2] = b
      const dr = rgb[i * 3] - r
      const dg = rgb[i * 3 + 1] - g
      const db = rgb[i * 3 + 2] - b
      dist[i] = Math.sqrt(dr * dr + dg * dg + db * db)
    }
  }
}

/**
 * 1 where a cell is background: flooded from the border through cells within `flood` of the model, plus
 * enclosed pockets within `flood` that are large enough to be background seen through the subject.
 */
function labelBackground(dist: Float32Array, gw: number, gh: number, flood: number): Uint8Array {
  const n = gw * gh
  const label = new Uint8Array(n) // 0 unvisited, 1 background, 2 visited pocket too small, 3 subject
  const queue = new Int32Array(n)
  let tail = 0
  const seed = (i: number): void => {
    if (label[i] === 0 && dist[i] < flood) {
      label[i] = 1
      queue[tail++] = i
    }
  }
  for (let x = 0; x < gw; x++) {
    seed(x)
    seed((gh - 1) * gw + x)
  }
  for (let y = 0; y < gh; y++) {
    seed(y * gw)
    seed(y * gw + gw - 1)
  }
  grow(queue, 0, tail, label, dist, gw, gh, flood, 1)

  const minHole = Math.max(4, Math.round(HOLE_MIN_SHARE * n))
  const maxHole = HOLE_MAX_OF_SILHOUETTE * (n - tail)
  for (let i = 0; i < n; i++) {
    if (label[i] !== 0) continue
    if (dist[i] >= flood) {
      label[i] = 3
      continue
    }
    label[i] = 2
    queue[0] = i
    const end = grow(queue, 0, 1, label, dist, gw, gh, flood, 2)
    if (end >= minHole && end <= maxHole) for (let k = 0; k < end; k++) label[queue[k]] = 1
  }
  for (let i = 0; i < n; i++) label[i] = label[i] === 1 ? 1 : 0
  return label
}

/** Breadth-first flood (4-connected) of unvisited cells under `flood`; returns the queue's end. */
function grow(
  queue: Int32Array,
  head: number,
  tail: number,
  label: Uint8Array,
  dist: Float32Array,
  gw: number,
  gh: number,
  flood: number,
  mark: number
): number {
  const visit = (j: number): void => {
    if (label[j] === 0 && dist[j] < flood) {
      label[j] = mark
      queue[tail++] = j
    }
  }
  while (head < tail) {
    const i = queue[head++]
    const x = i % gw
    if (x > 0) visit(i - 1)
    if (x < gw - 1) visit(i + 1)
    if (i >= gw) visit(i - gw)
    if (i < (gh - 1) * gw) visit(i + gw)
  }
  return tail
}

/** Full-resolution alpha: whole cells away from the edge, the compositing equation in the edge band. */
function refineEdges(
  image: RgbaImage,
  scale: number,
  gw: number,
  gh: number,
  isBackground: Uint8Array,
  bg: Float32Array,
  dist: Float32Array,
  foot: number
): Uint8Array {
  const { width, height, data } = image
  const alpha = new Uint8Array(width * height)
  const span = new Float32Array(gw * gh) // 0: not in the band; else the subject's distance from the model
  for (let gy = 0, i = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++, i++) {
      let mixed = !isBackground[i] ? false : dist[i] > foot
      let far = 0
      for (let dy = -1; dy <= 1; dy++) {
        const y = gy + dy
        if (y < 0 || y >= gh) continue
        for (let dx = -1; dx <= 1; dx++) {
          const x = gx + dx
          if (x < 0 || x >= gw) continue
          const j = y * gw + x
          if (isBackground[j] !== isBackground[i]) mixed = true
          if (!isBackground[j] && dist[j] > far) far = dist[j]
        }
      }
      if (mixed) span[i] = Math.max(far, 4 * foot)
    }
  }
  for (let y = 0; y < height; y++) {
    const row = ((y / scale) | 0) * gw
    const p0 = y * width
    // Whole cells in runs: one fill for a stretch of subject cells, nothing for background.
    let run = -1
    for (let gx = 0; gx <= gw; gx++) {
      const g = row + gx
      const solid = gx < gw && span[g] === 0 && !isBackground[g]
      if (solid && run < 0) run = gx * scale
      if (!solid && run >= 0) {
        alpha.fill(255, p0 + run, p0 + Math.min(width, gx * scale))
        run = -1
      }
      if (gx === gw || span[g] === 0) continue
      const x0 = gx * scale
      const x1 = Math.min(width, x0 + scale)
      const br = bg[g * 3]
      const bgr = bg[g * 3 + 1]
      const bb = bg[g * 3 + 2]
      const inv = 255 / (span[g] - foot)
      for (let x = x0, i = (p0 + x0) * 4; x < x1; x++, i += 4) {
        const dr = data[i] - br
        const dg = data[i + 1] - bgr
        const db = data[i + 2] - bb
        const a = (Math.sqrt(dr * dr + dg * dg + db * db) - foot) * inv
        alpha[p0 + x] = a <= 0 ? 0 : a >= 255 ? 255 : a + 0.5
      }
    }
  }
  return alpha
}

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
import { borderCells, type BorderModel, fitBorder } from './border-model.js'
import { type EdgeColours, refineEdges } from './subject-edges.js'
import { labelBackground } from './subject-labels.js'
import type { RgbaImage } from './types.js'
import { SHIFTS, wordsOf } from './words.js'

/** Channel shifts as constants the compiler folds into the hot loops. */
const [SR, SG, SB] = SHIFTS

/** Longest side of the colour grid. */
export const SEG_MAX = 160
/**
 * Images at least this long get cells of at least 3 x 3 pixels for the labels: the edge refinement recovers
 * the outline at full resolution anyway, and the grid steps then cost under half of 2 x 2 cells (4 x 4
 * measured faster still but lost thin parts, a guitar's neck). The background model still reads the border
 * at the finer cells, whose statistics say whether there is a plain background at all (coarser border
 * cells mix in more of a subject that touches the frame).
 */
const SEG_COARSE_FROM = 256
/** Share of border cells the background model must explain for the background to count as plain. */
const MIN_PLAIN_BORDER = 0.6
/** Noise (RGB distance of cell means) above which the border is a texture, not a backdrop. */
const MAX_BACKGROUND_NOISE = 8
/** Colour distance bounds: flood threshold and the ramp's foot (where alpha starts above 0). */
const FLOOD_MIN = 14
const RAMP_FOOT_MIN = 8
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
      /** The subject's colours at its soft edge without the background's share, for the cutout. */
      readonly edges: EdgeColours
    }
  | { readonly found: false; readonly reason: string }

export function findSubject(image: RgbaImage): Subject {
  const { width, height } = image
  const long = Math.max(width, height)
  const fine = Math.max(1, Math.ceil(long / SEG_MAX))
  const scale = long >= SEG_COARSE_FROM ? Math.max(3, fine) : fine
  const gw = Math.ceil(width / scale)
  const gh = Math.ceil(height / scale)
  const cells = gw * gh
  const rgb = colourGrid(image, scale, gw, gh)
  const fw = Math.ceil(width / fine)
  const fh = Math.ceil(height / fine)
  const ringCells = borderCells(fw, fh)
  // The ring's colours: from the grid when it is the fine one, else from the pixels, the ring alone.
  const ring = new Float32Array(ringCells.length * 3)
  const words = wordsOf(image.data)
  for (let k = 0; k < ringCells.length; k++) {
    const i = ringCells[k]
    if (scale === fine) ring.set(rgb.subarray(i * 3, i * 3 + 3), k * 3)
    else cellMean(words, width, height, fine, i % fw, Math.floor(i / fw), ring, k * 3)
  }
  const model = fitBorder(ring, ringCells, fw, fh)
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
  const { alpha, edges } = refineEdges(image, scale, gw, gh, isBackground, bg, dist, foot)
  return { found: true, alpha, share, edges }
}

/** Samples on every other row and column in cells this large: a quarter of the reads. */
const SAMPLE_FROM = 4

/** Mean colour a cell. */
function colourGrid(image: RgbaImage, scale: number, gw: number, gh: number): Float32Array {
  const { width, height } = image
  const words = wordsOf(image.data)
  const sums = new Float32Array(gw * gh * 3)
  for (let gy = 0, g = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++, g++) cellMean(words, width, height, scale, gx, gy, sums, g * 3)
  }
  return sums
}

/**
 * The mean colour of cell (gx, gy) of a grid of `scale`-pixel cells of the image's pixel `words`, into
 * `out` at `o`. Samples sit on the
 * image's even rows and columns when sampling, whatever the cell size.
 */
function cellMean(
  words: Int32Array,
  width: number,
  height: number,
  scale: number,
  gx: number,
  gy: number,
  out: Float32Array,
  o: number
): void {
  const step = scale >= SAMPLE_FROM ? 2 : 1
  const x0 = gx * scale
  const x1 = x0 + scale < width ? x0 + scale : width
  const y0 = gy * scale
  const y1 = y0 + scale < height ? y0 + scale : height
  let r = 0
  let gr = 0
  let b = 0
  let n = 0
  for (let y = y0 + (y0 % step); y < y1; y += step) {
    const end = y * width + x1
    for (let p = y * width + x0 + (x0 % step); p < end; p += step) {
      const w = words[p]
      r += (w >>> SR) & 255
      gr += (w >>> SG) & 255
      b += (w >>> SB) & 255
      n++
    }
  }
  const inv = n > 0 ? 1 / n : 0
  out[o] = r * inv
  out[o + 1] = gr * inv
  out[o + 2] = b * inv
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

/**
 * Step 5: the one full-resolution pass. For each pixel: interpolate the grid's fields (bilinear), light the
 * input color in linear light, roll off what would clip, encode to sRGB and, for the scene output, composite
 * the straight-alpha subject over the backdrop (in sRGB, as Figma and every editor composite). Alpha is
 * copied byte for byte unless the backdrop makes the pixel opaque.
 *
 * The pass is the engine's largest cost, so it is shaped for speed: rows interpolate between two grid rows
 * once a row; pixels are read and written as 32-bit words; the light's constants are in units of the
 * encoding table's index, so the lit value indexes it directly; tables and channel shifts are this module's
 * own constants (below). Measured, not guessed: stepping the light's per-channel values along the row, or a
 * per-call light table, ran slower than this plain per-pixel interpolation, as V8 keeps few values in
 * registers.
 */
import type { BackdropFields } from './background.js'
import type { Light } from './light.js'
import { GRID_MAX, type SubjectGrid } from './mask.js'
import type { ShadingFields } from './shading.js'
import { LINEAR_LUT_SIZE, LINEAR_TO_SRGB, LINEAR_TO_SRGB8, SRGB_TO_LINEAR } from './srgb.js'
import type { EdgeColours } from './subject-edges.js'
import type { RgbaImage } from './types.js'
import { SHIFTS, wordsOf } from './words.js'

/** Channel shifts as constants the compiler folds into the hot loops. */
const [SR, SG, SB, SA] = SHIFTS

/** How fast clipped highlights bleach toward white (per unit of overshoot). */
const ROLLOFF = 0.6
/** 4 x 4 Bayer matrix, centered: breaks 8-bit banding in the backdrop's smooth gradient. */
const BAYER = new Float32Array([0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5]).map(
  (v) => (v - 7.5) / 16
)

const LUT_MAX = LINEAR_LUT_SIZE - 1

/**
 * The transfer tables as this module's own constants: V8 then compiles their address and length into the
 * hot loops, where a table reached through an import or a parameter is reloaded and bounds-checked against
 * a length it must fetch.
 */
const LIN = SRGB_TO_LINEAR
const ENC = LINEAR_TO_SRGB
const ENC8 = LINEAR_TO_SRGB8

/**
 * One grid row of each field, interpolated between two grid rows for the image row being lit, with one
 * spare sample so `g + 1` is always in range. Module constants for the same reason as the tables (a grid
 * is at most GRID_MAX cells wide); they hold nothing from one call to the next that a call reads.
 */
const ROW_KEY = new Float32Array(GRID_MAX + 1)
const ROW_ADD = new Float32Array(GRID_MAX + 1)
const ROW_R = new Float32Array(GRID_MAX + 1)
const ROW_G = new Float32Array(GRID_MAX + 1)
const ROW_B = new Float32Array(GRID_MAX + 1)

export function compose(
  image: RgbaImage,
  grid: SubjectGrid,
  shading: ShadingFields,
  light: Light,
  backdrop: BackdropFields | undefined,
  out: Uint8ClampedArray,
  /** Alpha for the cutout output instead of the input's (the found subject of an opaque photo). */
  alpha?: Uint8Array,
  /** With `alpha`: the subject's own colours at its soft edge, lit in place of the input's there. */
  edges?: EdgeColours
): void {
  const { width, height, data } = image
  const { width: gw, height: gh, scale } = grid

  // Per-channel constants of the light: ambient fill, key (diffuse), reflected (specular, rim), in units of
  // the encoding table's index (so the lit value indexes it). Strength s mixes in the input itself:
  // lin * (1 - s) + s * lit, which only rescales these constants.
  const { color, fill, intensity, ambient, strength: s } = light
  const keyW = (1 - ambient) * intensity
  const k = new Float64Array(9)
  for (let c = 0; c < 3; c++) {
    k[c] = (1 - s + s * ambient * fill[c]) * LUT_MAX
    k[3 + c] = s * keyW * color[c] * LUT_MAX
    k[6 + c] = s * intensity * color[c] * LUT_MAX
  }

  // Column -> grid cell and weight; rows get one spare sample so `g + 1` is always in range.
  const col = new Int32Array(width)
  const colF = new Float32Array(width)
  for (let x = 0; x < width; x++) {
    const gxf = (x + 0.5) / scale - 0.5
    const g = gxf <= 0 ? 0 : Math.min(Math.floor(gxf), gw - 1)
    col[x] = g
    colF[x] = Math.min(1, Math.max(0, gxf - g))
  }
  const src = wordsOf(data)
  const words = new Int32Array(out.buffer, out.byteOffset, out.length >> 2)
  if (gw > GRID_MAX) throw new RangeError(`grid of ${gw} cells a row; at most ${GRID_MAX}`)

  // One small function a row rather than one loop over the image: V8 optimizes a hot function reliably,
  // while a single long loop gets compiled on the stack mid-run and can thrash on the first call's types.
  for (let y = 0; y < height; y++) {
    const gyf = (y + 0.5) / scale - 0.5
    const gy0 = gyf <= 0 ? 0 : Math.min(Math.floor(gyf), gh - 1)
    const r0 = gy0 * gw
    const r1 = (gy0 + 1 < gh ? gy0 + 1 : gy0) * gw
    const fy = Math.min(1, Math.max(0, gyf - gy0))
    lerpRow(shading.key, r0, r1, fy, gw, ROW_KEY)
    lerpRow(shading.add, r0, r1, fy, gw, ROW_ADD)
    if (backdrop) {
      lerpRow(backdrop.r, r0, r1, fy, gw, ROW_R)
      lerpRow(backdrop.g, r0, r1, fy, gw, ROW_G)
      lerpRow(backdrop.b, r0, r1, fy, gw, ROW_B)
      sceneRow(src, words, y * width, width, (y & 3) << 2, col, colF, k)
    } else {
      cutoutRow(src, alpha, words, y * width, width, col, colF, k)
    }
  }
  if (alpha && edges) lightEdges(edges, alpha, width, grid, shading, k, words)
}

/**
 * Relights the soft edge's pixels from the subject's own colours (a few thousand pixels, after the rows:
 * cheaper than a copy of the whole image with those colours in).
 */
function lightEdges(
  edges: EdgeColours,
  alpha: Uint8Array,
  width: number,
  grid: SubjectGrid,
  shading: ShadingFields,
  k: Float64Array,
  out: Int32Array
): void {
  const { width: gw, height: gh, scale } = grid
  const { pixels, rgb } = edges
  for (let e = 0; e < pixels.length; e++) {
    const p = pixels[e]
    const x = p % width
    const y = (p - x) / width
    const gxf = (x + 0.5) / scale - 0.5
    const gyf = (y + 0.5) / scale - 0.5
    const gx = gxf <= 0 ? 0 : Math.min(Math.floor(gxf), gw - 1)
    const gy = gyf <= 0 ? 0 : Math.min(Math.floor(gyf), gh - 1)
    const fx = Math.min(1, Math.max(0, gxf - gx))
    const fy = Math.min(1, Math.max(0, gyf - gy))
    const i00 = gy * gw + gx
    const i01 = gx + 1 < gw ? i00 + 1 : i00
    const i10 = gy + 1 < gh ? i00 + gw : i00
    const i11 = gy + 1 < gh ? i01 + gw : i01
    const kv = bilinear(shading.key, i00, i01, i10, i11, fx, fy)
    const sv = bilinear(shading.add, i00, i01, i10, i11, fx, fy)
    let lr = LIN[rgb[e * 3]] * (k[0] + kv * k[3]) + sv * k[6]
    let lg = LIN[rgb[e * 3 + 1]] * (k[1] + kv * k[4]) + sv * k[7]
    let lb = LIN[rgb[e * 3 + 2]] * (k[2] + kv * k[5]) + sv * k[8]
    const m = lr > lg ? (lr > lb ? lr : lb) : lg > lb ? lg : lb
    if (m > LUT_MAX) {
      const over = m / LUT_MAX - 1
      const t = over < 1 / ROLLOFF ? over * ROLLOFF : 1
      const inv = ((1 - t) * LUT_MAX) / m
      lr = lr * inv + t * LUT_MAX
      lg = lg * inv + t * LUT_MAX
      lb = lb * inv + t * LUT_MAX
    }
    out[p] =
      (ENC8[(lr + 0.5) | 0] << SR) |
      (ENC8[(lg + 0.5) | 0] << SG) |
      (ENC8[(lb + 0.5) | 0] << SB) |
      (alpha[p] << SA)
  }
}

function bilinear(
  f: Float32Array,
  i00: number,
  i01: number,
  i10: number,
  i11: number,
  fx: number,
  fy: number
): number {
  const top = f[i00] + (f[i01] - f[i00]) * fx
  const bottom = f[i10] + (f[i11] - f[i10]) * fx
  return top + (bottom - top) * fy
}

/** Lights one row and keeps its alpha (or the one given, a byte a pixel) byte for byte. */
function cutoutRow(
  src: Int32Array,
  alpha: Uint8Array | undefined,
  out: Int32Array,
  start: number,
  width: number,
  col: Int32Array,
  colF: Float32Array,
  k: Float64Array
): void {
  const ambR = k[0]
  const ambG = k[1]
  const ambB = k[2]
  const keyR = k[3]
  const keyG = k[4]
  const keyB = k[5]
  const spR = k[6]
  const spG = k[7]
  const spB = k[8]
  for (let x = 0, p = start; x < width; x++, p++) {
    const w = src[p]
    const a = alpha === undefined ? (w >>> SA) & 255 : alpha[p]
    if (a === 0) {
      // Invisible: keep whatever color hides under it, so transparent pixels stay as they were.
      out[p] = w & ~(255 << SA)
      continue
    }
    const g = col[x]
    const f = colF[x]
    const kv = ROW_KEY[g] + (ROW_KEY[g + 1] - ROW_KEY[g]) * f
    const sv = ROW_ADD[g] + (ROW_ADD[g + 1] - ROW_ADD[g]) * f
    let lr = LIN[(w >>> SR) & 255] * (ambR + kv * keyR) + sv * spR
    let lg = LIN[(w >>> SG) & 255] * (ambG + kv * keyG) + sv * spG
    let lb = LIN[(w >>> SB) & 255] * (ambB + kv * keyB) + sv * spB
    const m = lr > lg ? (lr > lb ? lr : lb) : lg > lb ? lg : lb
    if (m > LUT_MAX) {
      // Past white: keep the hue, then bleach toward white with the overshoot, as film does.
      const over = m / LUT_MAX - 1
      const t = over < 1 / ROLLOFF ? over * ROLLOFF : 1
      const inv = ((1 - t) * LUT_MAX) / m
      const white = t * LUT_MAX
      lr = lr * inv + white
      lg = lg * inv + white
      lb = lb * inv + white
    }
    out[p] =
      (ENC8[(lr + 0.5) | 0] << SR) | (ENC8[(lg + 0.5) | 0] << SG) | (ENC8[(lb + 0.5) | 0] << SB) | (a << SA)
  }
}

/** Lights one row and composites it over the backdrop row (straight alpha, in sRGB like every editor). */
function sceneRow(
  src: Int32Array,
  out: Int32Array,
  start: number,
  width: number,
  bayerRow: number,
  col: Int32Array,
  colF: Float32Array,
  k: Float64Array
): void {
  const ambR = k[0]
  const ambG = k[1]
  const ambB = k[2]
  const keyR = k[3]
  const keyG = k[4]
  const keyB = k[5]
  const spR = k[6]
  const spG = k[7]
  const spB = k[8]
  for (let x = 0, p = start; x < width; x++, p++) {
    const w = src[p]
    const a = (w >>> SA) & 255
    const g = col[x]
    const f = colF[x]
    // The backdrop, dithered; its fields stay within 0..255, so rounding (+ 0.5, truncate) needs no clamp.
    const d = BAYER[bayerRow | (x & 3)] + 0.5
    const br = ROW_R[g] + (ROW_R[g + 1] - ROW_R[g]) * f + d
    const bg = ROW_G[g] + (ROW_G[g + 1] - ROW_G[g]) * f + d
    const bb = ROW_B[g] + (ROW_B[g + 1] - ROW_B[g]) * f + d
    if (a === 0) {
      out[p] = ((br | 0) << SR) | ((bg | 0) << SG) | ((bb | 0) << SB) | (255 << SA)
      continue
    }
    const kv = ROW_KEY[g] + (ROW_KEY[g + 1] - ROW_KEY[g]) * f
    const sv = ROW_ADD[g] + (ROW_ADD[g + 1] - ROW_ADD[g]) * f
    let lr = LIN[(w >>> SR) & 255] * (ambR + kv * keyR) + sv * spR
    let lg = LIN[(w >>> SG) & 255] * (ambG + kv * keyG) + sv * spG
    let lb = LIN[(w >>> SB) & 255] * (ambB + kv * keyB) + sv * spB
    const m = lr > lg ? (lr > lb ? lr : lb) : lg > lb ? lg : lb
    if (m > LUT_MAX) {
      const over = m / LUT_MAX - 1
      const t = over < 1 / ROLLOFF ? over * ROLLOFF : 1
      const inv = ((1 - t) * LUT_MAX) / m
      const white = t * LUT_MAX
      lr = lr * inv + white
      lg = lg * inv + white
      lb = lb * inv + white
    }
    const ir = (lr + 0.5) | 0
    const ig = (lg + 0.5) | 0
    const ib = (lb + 0.5) | 0
    if (a === 255) {
      out[p] = (ENC8[ir] << SR) | (ENC8[ig] << SG) | (ENC8[ib] << SB) | (255 << SA)
      continue
    }
    // Partly covered: the subject over the backdrop.
    const al = a * (1 / 255)
    out[p] =
      (((br + (ENC[ir] - br) * al) | 0) << SR) |
      (((bg + (ENC[ig] - bg) * al) | 0) << SG) |
      (((bb + (ENC[ib] - bb) * al) | 0) << SB) |
      (255 << SA)
  }
}

function lerpRow(
  field: Float32Array,
  row0: number,
  row1: number,
  t: number,
  n: number,
  dst: Float32Array
): void {
  for (let g = 0; g < n; g++) {
    const v = field[row0 + g]
    dst[g] = v + (field[row1 + g] - v) * t
  }
  dst[n] = dst[n - 1]
}

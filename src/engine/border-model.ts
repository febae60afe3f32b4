/**
 * The background's colour as the image's borders show it: a quadratic surface a channel over the frame
 * (a plain sweep is the constant term, a soft gradient the linear and square ones), fitted by least squares
 * to the border cells and refitted on the inliers, so a subject that touches an edge does not bend it.
 */

/** Terms of the surface in normalized coordinates u, v in [-1, 1]: 1, u, v, u², v², uv. */
const TERMS = 6
/** Residual (RGB distance, 0..441) under which a border cell counts as background, at least. */
const INLIER_FLOOR = 10
/** Residual allowed in the first pass, against the border's median colour (a gradient strays from it). */
const FIRST_PASS = 48

export interface BorderModel {
  /** Coefficients, TERMS a channel (r, g, b). */
  readonly coef: Float64Array
  /** Share of border cells the surface explains (0..1). */
  readonly inliers: number
  /** Robust spread of the inliers' residuals (RGB distance): the background's noise. */
  readonly noise: number
}

/**
 * Fits the surface to the border ring of a width x height grid: `ring` holds 3 floats (RGB, 0..255) for
 * each of `cells` (from `borderCells`), in that order.
 */
export function fitBorder(ring: Float32Array, cells: Int32Array, width: number, height: number): BorderModel {
  const n = cells.length
  const coef = new Float64Array(TERMS * 3)
  // Start from the median colour: robust to a subject that covers up to half the border.
  const channel = new Float64Array(n)
  for (let c = 0; c < 3; c++) {
    for (let k = 0; k < n; k++) channel[k] = ring[k * 3 + c]
    coef[c * TERMS] = median(channel, n)
  }
  const residuals = new Float64Array(n)
  const inliers = new Int32Array(n)
  let kept = n
  let limit = FIRST_PASS
  let noise = 0
  for (let pass = 0; pass < 3; pass++) {
    kept = 0
    for (let k = 0; k < n; k++) {
      if (residual(ring, k, cells[k], width, height, coef) <= limit) inliers[kept++] = k
    }
    if (kept < TERMS * 2) break
    solve(ring, cells, inliers, kept, width, height, coef)
    for (let j = 0; j < kept; j++) {
      const k = inliers[j]
      residuals[j] = residual(ring, k, cells[k], width, height, coef)
    }
    noise = 1.4826 * median(residuals, kept)
    limit = Math.max(INLIER_FLOOR, 3 * noise)
  }
  let explained = 0
  for (let k = 0; k < n; k++) if (residual(ring, k, cells[k], width, height, coef) <= limit) explained++
  return { coef, inliers: n > 0 ? explained / n : 0, noise }
}

/** The surface's colour at a cell center, into `out` (3 floats). */
function backgroundAt(
  k: Float64Array,
  x: number,
  y: number,
  width: number,
  height: number,
  out: Float32Array | Float64Array
): void {
  const u = width > 1 ? (2 * x) / (width - 1) - 1 : 0
  const v = height > 1 ? (2 * y) / (height - 1) - 1 : 0
  for (let c = 0, o = 0; c < 3; c++, o += TERMS) {
    out[c] = k[o] + k[o + 1] * u + k[o + 2] * v + k[o + 3] * u * u + k[o + 4] * v * v + k[o + 5] * u * v
  }
}

/** The grid indices of the border ring: top and bottom rows, then the left and right columns between. */
export function borderCells(width: number, height: number): Int32Array {
  const cells: number[] = []
  for (let x = 0; x < width; x++) {
    cells.push(x)
    if (height > 1) cells.push((height - 1) * width + x)
  }
  for (let y = 1; y < height - 1; y++) {
    cells.push(y * width)
    if (width > 1) cells.push(y * width + width - 1)
  }
  return Int32Array.from(cells)
}

const scratch = new Float64Array(3)

/** How far ring cell `k` (grid index `i`) is from the surface: RGB distance. */
function residual(
  ring: Float32Array,
  k: number,
  i: number,
  width: number,
  height: number,
  coef: Float64Array
): number {
  backgroundAt(coef, i % width, Math.floor(i / width), width, height, scratch)
  const dr = ring[k * 3] - scratch[0]
  const dg = ring[k * 3 + 1] - scratch[1]
  const db = ring[k * 3 + 2] - scratch[2]
  return Math.sqrt(dr * dr + dg * dg + db * db)
}

/** Least squares on the normal equations (6 x 6, three right-hand sides), ridge-damped for thin frames. */
function solve(
  ring: Float32Array,
  cells: Int32Array,
  inliers: Int32Array,
  count: number,
  width: number,
  height: number,
  coef: Float64Array
): void {
  const a = new Float64Array(TERMS * TERMS)
  const b = new Float64Array(TERMS * 3)
  const f = new Float64Array(TERMS)
  for (let j = 0; j < count; j++) {
    const k = inliers[j]
    const i = cells[k]
    const x = i % width
    const y = Math.floor(i / width)
    const u = width > 1 ? (2 * x) / (width - 1) - 1 : 0
    const v = height > 1 ? (2 * y) / (height - 1) - 1 : 0
    f[0] = 1
    f[1] = u
    f[2] = v
    f[3] = u * u
    f[4] = v * v
    f[5] = u * v
    const red = ring[k * 3]
    const green = ring[k * 3 + 1]
    const blue = ring[k * 3 + 2]
    // The matrix is symmetric: the upper triangle here, mirrored below.
    for (let r = 0; r < TERMS; r++) {
      const fr = f[r]
      for (let c = r; c < TERMS; c++) a[r * TERMS + c] += fr * f[c]
      b[r] += fr * red
      b[TERMS + r] += fr * green
      b[2 * TERMS + r] += fr * blue
    }
  }
  for (let r = 1; r < TERMS; r++) for (let c = 0; c < r; c++) a[r * TERMS + c] = a[c * TERMS + r]
  // A frame one cell thin cannot tell u from u²: a small ridge keeps the system solvable.
  for (let r = 0; r < TERMS; r++) a[r * TERMS + r] += 1e-6 * count
  for (let ch = 0; ch < 3; ch++) {
    const m = new Float64Array(a)
    const rhs = b.slice(ch * TERMS, ch * TERMS + TERMS)
    gauss(m, rhs)
    coef.set(rhs, ch * TERMS)
  }
}

/** Gaussian elimination with partial pivoting, in place; the solution ends in `rhs`. */
function gauss(m: Float64Array, rhs: Float64Array): void {
  const n = TERMS
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[pivot * n + col])) pivot = r
    if (pivot !== col) {
      for (let c = 0; c < n; c++) [m[col * n + c], m[pivot * n + c]] = [m[pivot * n + c], m[col * n + c]]
      ;[rhs[col], rhs[pivot]] = [rhs[pivot], rhs[col]]
    }
    const p = m[col * n + col]
    if (Math.abs(p) < 1e-12) continue
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col] / p
      if (f === 0) continue
      for (let c = col; c < n; c++) m[r * n + c] -= f * m[col * n + c]
      rhs[r] -= f * rhs[col]
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = rhs[r]
    for (let c = r + 1; c < n; c++) s -= m[r * n + c] * rhs[c]
    const p = m[r * n + r]
    rhs[r] = Math.abs(p) < 1e-12 ? 0 : s / p
  }
}

/** The median of the first `count` values (the upper one of an even count); sorts a copy. */
function median(values: Float64Array, count: number): number {
  if (count === 0) return 0
  const sorted = values.slice(0, count).sort()
  return sorted[count >> 1]
}

/**
 * Separable box blur with running sums: O(1) a sample whatever the radius. Three passes approximate a
 * Gaussian of sigma ~ radius (the shape of a box convolved with itself three times). Borders clamp
 * (the edge sample repeats), which keeps a field that touches the border from darkening there.
 */

/**
 * Blurs `field` (width x height) in place. `tmp` holds width * height samples, `acc` width samples
 * (Float64 so the running sums do not drift along a long column).
 */
export function boxBlur(
  field: Float32Array,
  width: number,
  height: number,
  radius: number,
  passes: number,
  tmp: Float32Array,
  acc: Float64Array
): void {
  const r = Math.floor(radius)
  if (r < 1 || width * height === 0) return
  for (let p = 0; p < passes; p++) {
    blurRows(field, tmp, width, height, r)
    blurColumns(tmp, field, width, height, r, acc)
  }
}

function blurRows(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const inv = 1 / (2 * r + 1)
  const last = width - 1
  for (let y = 0, row = 0; y < height; y++, row += width) {
    let sum = (r + 1) * src[row]
    for (let i = 1; i <= r; i++) sum += src[row + (i < last ? i : last)]
    for (let x = 0; x < width; x++) {
      dst[row + x] = sum * inv
      const add = x + r + 1
      const sub = x - r
      sum += src[row + (add < last ? add : last)] - src[row + (sub > 0 ? sub : 0)]
    }
  }
}

/** Column blur walking whole rows at a time (cache friendly): `acc` holds the running sum of each column. */
function blurColumns(
  src: Float32Array,
  dst: Float32Array,
  width: number,
  height: number,
  r: number,
  acc: Float64Array
): void {
  const inv = 1 / (2 * r + 1)
  const last = height - 1
  for (let x = 0; x < width; x++) acc[x] = (r + 1) * src[x]
  for (let i = 1; i <= r; i++) {
    const row = (i < last ? i : last) * width
    for (let x = 0; x < width; x++) acc[x] += src[row + x]
  }
  for (let y = 0; y < height; y++) {
    const out = y * width
    const add = y + r + 1
    const sub = y - r
    const addRow = (add < last ? add : last) * width
    const subRow = (sub > 0 ? sub : 0) * width
    for (let x = 0; x < width; x++) {
      dst[out + x] = acc[x] * inv
      acc[x] += src[addRow + x] - src[subRow + x]
    }
  }
}

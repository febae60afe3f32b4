/**
 * Exact Euclidean distance transform in linear time (Felzenszwalb & Huttenlocher, "Distance Transforms of
 * Sampled Functions", 2012): the squared distance is separable, so one 1-D lower-envelope-of-parabolas
 * pass down every column and one along every row give the exact 2-D result in O(width * height).
 */

const INF = 1e20

/** Scratch for the 1-D pass, sized for the longer side; reuse it across calls to avoid allocation. */
export interface EdtScratch {
  readonly f: Float64Array
  readonly d: Float64Array
  readonly v: Int32Array
  readonly z: Float64Array
}

export function createEdtScratch(length: number): EdtScratch {
  return {
    f: new Float64Array(length),
    d: new Float64Array(length),
    v: new Int32Array(length),
    z: new Float64Array(length + 1)
  }
}

/** 1-D squared distance transform of `f` (0 at features, INF elsewhere) into `d`, over n samples. */
function edt1d(s: EdtScratch, n: number): void {
  const { f, d, v, z } = s
  let k = 0
  v[0] = 0
  z[0] = -INF
  z[1] = INF
  for (let q = 1; q < n; q++) {
    const fq = f[q] + q * q
    let p = v[k]
    let sx = (fq - (f[p] + p * p)) / (2 * q - 2 * p)
    while (sx <= z[k]) {
      k--
      p = v[k]
      sx = (fq - (f[p] + p * p)) / (2 * q - 2 * p)
    }
    k++
    v[k] = q
    z[k] = sx
    z[k + 1] = INF
  }
  k = 0
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++
    const p = v[k]
    const dq = q - p
    d[q] = dq * dq + f[p]
  }
}

/**
 * Squared Euclidean distance from every pixel to the nearest pixel where `isFeature(mask[i])` holds
 * (0 on the features themselves). Pixels beyond the image are not features, so a shape touching the
 * border continues past it. With no feature at all every distance is `Infinity`.
 *
 * A pixel is a feature when `mask[i] < threshold` if `featureIsBelow` (threshold 1: distance to the nearest
 * 0, i.e. to the background), else when `mask[i] >= threshold` (distance to the nearest subject pixel).
 * Float32 holds the squared distances exactly up to 2^24 (any image up to 2896 px a side, and our grid).
 */
export function squaredDistanceTransform(
  mask: Uint8Array,
  width: number,
  height: number,
  threshold: number,
  featureIsBelow: boolean,
  out: Float32Array = new Float32Array(width * height),
  scratch: EdtScratch = createEdtScratch(Math.max(width, height))
): Float32Array {
  // Rows first: on a binary image the 1-D transform is just the distance to the nearest feature in the
  // row, two scans with no parabolas, over contiguous memory.
  let any = false
  for (let y = 0, row = 0; y < height; y++, row += width) {
    let last = -1
    for (let x = 0; x < width; x++) {
      const v = mask[row + x]
      if (featureIsBelow ? v < threshold : v >= threshold) last = x
      out[row + x] = last < 0 ? INF : x - last
    }
    if (last < 0) continue
    any = true
    let next = -1
    for (let x = width - 1; x >= 0; x--) {
      const v = mask[row + x]
      if (featureIsBelow ? v < threshold : v >= threshold) next = x
      const i = row + x
      const d = next < 0 ? out[i] : Math.min(out[i], next - x)
      out[i] = d * d
    }
  }
  if (!any) return out.fill(Infinity, 0, width * height)
  // Columns: the lower envelope of parabolas rooted at each row's result gives the exact 2-D distance.
  const { f, d } = scratch
  for (let x = 0; x < width; x++) {
    for (let y = 0, i = x; y < height; y++, i += width) f[y] = out[i]
    edt1d(scratch, height)
    for (let y = 0, i = x; y < height; y++, i += width) out[i] = d[y]
  }
  return out
}

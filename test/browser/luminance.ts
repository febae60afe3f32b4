/** How much each half of a relit layer brightened relative to the original, over the opaque pixels. */
export interface Pixels {
  readonly width: number
  readonly height: number
  /** RGBA, row by row. */
  readonly data: Uint8Array
}

const OPAQUE = 200

function luminance(data: Uint8Array, i: number): number {
  return 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]
}

/** Mean luminance of the relit image over that of the original, for the left and the right half. */
export function halfLuminanceRatios(original: Pixels, relit: Pixels): { left: number; right: number } {
  if (original.width !== relit.width || original.height !== relit.height) {
    throw new Error(`sizes differ: ${original.width}×${original.height} vs ${relit.width}×${relit.height}`)
  }
  const sums = { left: [0, 0, 0], right: [0, 0, 0] }
  for (let y = 0; y < original.height; y++) {
    for (let x = 0; x < original.width; x++) {
      const i = (y * original.width + x) * 4
      if (original.data[i + 3] < OPAQUE || relit.data[i + 3] < OPAQUE) continue
      const half = x < original.width / 2 ? sums.left : sums.right
      half[0] += luminance(original.data, i)
      half[1] += luminance(relit.data, i)
      half[2] += 1
    }
  }
  const ratio = ([before, after, count]: number[]) => {
    if (count === 0) throw new Error('no opaque pixels in a half')
    return after / Math.max(before, 1)
  }
  return { left: ratio(sums.left), right: ratio(sums.right) }
}

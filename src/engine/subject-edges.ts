/**
 * The auto mask's alpha at full resolution: whole cells away from the subject's edge, and in the band of
 * cells where the labels change, each pixel's coverage solved from the compositing equation
 * C = a F + (1 - a) B along the line from the background colour B to the nearby subject colour F.
 */
import type { RgbaImage } from './types.js'

/**
 * The subject's own colours at its partly covered edge pixels, the background's share taken out
 * (F = (C - (1 - a) B) / a): a cut-out then carries no fringe of the old background onto a new one.
 */
export interface EdgeColours {
  /** Pixel indices (y * width + x). */
  readonly pixels: Int32Array
  /** RGB a pixel, in the order of `pixels`. */
  readonly rgb: Uint8ClampedArray
}

/** Full-resolution alpha: whole cells away from the edge, the compositing equation in the edge band. */
export function refineEdges(
  image: RgbaImage,
  scale: number,
  gw: number,
  gh: number,
  isBackground: Uint8Array,
  bg: Float32Array,
  dist: Float32Array,
  foot: number
): { alpha: Uint8Array; edges: EdgeColours } {
  const { width, height, data } = image
  const alpha = new Uint8Array(width * height)
  const pixels: number[] = []
  const rgb: number[] = []
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
        const byte = a <= 0 ? 0 : a >= 255 ? 255 : (a + 0.5) | 0
        alpha[p0 + x] = byte
        if (byte === 0 || byte === 255) continue
        const k = 255 / byte
        pixels.push(p0 + x)
        rgb.push(br + dr * k, bgr + dg * k, bb + db * k)
      }
    }
  }
  return { alpha, edges: { pixels: Int32Array.from(pixels), rgb: Uint8ClampedArray.from(rgb) } }
}

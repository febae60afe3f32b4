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

/** Bits of `labelsNear`: some background cell is near, some subject cell is near. */
const BACKGROUND = 1
const SUBJECT = 2
const BOTH = BACKGROUND | SUBJECT

/** For each cell, which labels occur in the 3 x 3 block around it: a row pass, then a column pass. */
function labelsNear(isBackground: Uint8Array, gw: number, gh: number): Uint8Array {
  const n = gw * gh
  const rows = new Uint8Array(n)
  for (let y = 0, i = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++, i++) {
      let bits = isBackground[i] ? BACKGROUND : SUBJECT
      if (x > 0) bits |= isBackground[i - 1] ? BACKGROUND : SUBJECT
      if (x < gw - 1) bits |= isBackground[i + 1] ? BACKGROUND : SUBJECT
      rows[i] = bits
    }
  }
  const near = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    near[i] = rows[i] | (i >= gw ? rows[i - gw] : 0) | (i < n - gw ? rows[i + gw] : 0)
  }
  return near
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
  const span = new Float32Array(gw * gh) // 0: not in the band; else the subject's distance from the model
  const near = labelsNear(isBackground, gw, gh)
  let band = 0
  for (let gy = 0, i = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++, i++) {
      // In the band: both labels within the 3 x 3 block, or background that strays from the model.
      if (near[i] !== BOTH && !(isBackground[i] && dist[i] > foot)) continue
      let far = 0
      for (let y = gy > 0 ? gy - 1 : 0; y <= gy + 1 && y < gh; y++) {
        for (let x = gx > 0 ? gx - 1 : 0; x <= gx + 1 && x < gw; x++) {
          const j = y * gw + x
          if (!isBackground[j] && dist[j] > far) far = dist[j]
        }
      }
      span[i] = Math.max(far, 4 * foot)
      band++
    }
  }
  // At most every pixel of the band is a partly covered edge pixel.
  // Room for a few partly covered pixels a band cell's row, grown when a soft edge needs more.
  let pixels = new Int32Array(Math.max(16, band * scale * 2))
  let rgb = new Uint8ClampedArray(pixels.length * 3)
  let edgeCount = 0
  // A row of cells at a time: its runs of whole subject cells and its band cells, then its pixel rows.
  const runs = new Int32Array(gw * 2 + 2)
  const bandCells = new Int32Array(gw)
  for (let gy = 0; gy < gh; gy++) {
    const row = gy * gw
    let runCount = 0
    let bandCount = 0
    let run = -1
    for (let gx = 0; gx <= gw; gx++) {
      const g = row + gx
      const solid = gx < gw && span[g] === 0 && !isBackground[g]
      if (solid && run < 0) run = gx
      if (!solid && run >= 0) {
        runs[runCount++] = run * scale
        runs[runCount++] = Math.min(width, gx * scale)
        run = -1
      }
      if (gx < gw && span[g] !== 0) bandCells[bandCount++] = gx
    }
    const y1 = Math.min(height, (gy + 1) * scale)
    for (let y = gy * scale; y < y1; y++) {
      const p0 = y * width
      for (let r = 0; r < runCount; r += 2) alpha.fill(255, p0 + runs[r], p0 + runs[r + 1])
      for (let b = 0; b < bandCount; b++) {
        const gx = bandCells[b]
        const g = row + gx
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
          if (edgeCount === pixels.length) {
            const morePixels = new Int32Array(pixels.length * 2)
            const moreRgb = new Uint8ClampedArray(rgb.length * 2)
            morePixels.set(pixels)
            moreRgb.set(rgb)
            pixels = morePixels
            rgb = moreRgb
          }
          pixels[edgeCount] = p0 + x
          rgb[edgeCount * 3] = br + dr * k
          rgb[edgeCount * 3 + 1] = bgr + dg * k
          rgb[edgeCount * 3 + 2] = bb + db * k
          edgeCount++
        }
      }
    }
  }
  return {
    alpha,
    edges: { pixels: pixels.slice(0, edgeCount), rgb: rgb.slice(0, edgeCount * 3) }
  }
}

import type { RgbaImage } from './types.js'

/** What a wholly transparent image becomes: IC-Light's neutral gray. */
const NEUTRAL = 127

interface Level {
  readonly width: number
  readonly height: number
  /** Alpha-weighted (premultiplied) RGB, 0..255 scale, three floats a pixel. */
  readonly color: Float32Array
  /** Coverage 0..1 a pixel. */
  readonly weight: Float32Array
}

/**
 * An opaque copy of `image` whose transparent parts are filled from the colours around them, so a hole
 * left where a layer was taken out of a scene reads as that scene, not as a flat patch. Pull-push: a
 * pyramid of coverage-weighted averages (pull), then each level's gaps filled from the smoothly
 * interpolated level above (push). Opaque pixels keep their exact colours; a partly transparent pixel
 * keeps its share and takes the rest from the fill. An image with no transparency is returned as is.
 */
export function fillTransparent(image: RgbaImage): RgbaImage {
  const { width, height, data } = image
  let transparent = false
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 255) {
      transparent = true
      break
    }
  }
  if (!transparent) return image

  const levels: Level[] = [baseLevel(image)]
  while (levels.at(-1)!.width > 1 || levels.at(-1)!.height > 1) levels.push(pull(levels.at(-1)!))

  // Top of the pyramid: the average colour of what is covered, or neutral gray when nothing is.
  const top = levels.at(-1)!
  let filled = normalizedTop(top)
  for (let k = levels.length - 2; k >= 0; k--) filled = push(levels[k]!, filled)

  const out = new Uint8ClampedArray(data.length)
  for (let p = 0, i = 0; p < width * height; p++, i += 4) {
    out[i] = filled[p * 3]!
    out[i + 1] = filled[p * 3 + 1]!
    out[i + 2] = filled[p * 3 + 2]!
    out[i + 3] = 255
  }
  return { width, height, data: out }
}

function baseLevel({ width, height, data }: RgbaImage): Level {
  const color = new Float32Array(width * height * 3)
  const weight = new Float32Array(width * height)
  for (let p = 0, i = 0; p < width * height; p++, i += 4) {
    const w = data[i + 3]! / 255
    weight[p] = w
    color[p * 3] = data[i]! * w
    color[p * 3 + 1] = data[i + 1]! * w
    color[p * 3 + 2] = data[i + 2]! * w
  }
  return { width, height, color, weight }
}

/** Half the size: each cell sums its (up to) four children; coverage is capped at 1, colour kept in step. */
function pull(fine: Level): Level {
  const width = Math.ceil(fine.width / 2)
  const height = Math.ceil(fine.height / 2)
  const color = new Float32Array(width * height * 3)
  const weight = new Float32Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let w = 0
      let r = 0
      let g = 0
      let b = 0
      for (let dy = 0; dy < 2; dy++) {
        const fy = 2 * y + dy
        if (fy >= fine.height) continue
        for (let dx = 0; dx < 2; dx++) {
          const fx = 2 * x + dx
          if (fx >= fine.width) continue
          const f = fy * fine.width + fx
          w += fine.weight[f]!
          r += fine.color[f * 3]!
          g += fine.color[f * 3 + 1]!
          b += fine.color[f * 3 + 2]!
        }
      }
      const p = y * width + x
      const scale = w > 1 ? 1 / w : 1
      weight[p] = w * scale
      color[p * 3] = r * scale
      color[p * 3 + 1] = g * scale
      color[p * 3 + 2] = b * scale
    }
  }
  return { width, height, color, weight }
}

/** The 1×1 top level as a straight colour. */
function normalizedTop(top: Level): Float32Array {
  const w = top.weight[0]!
  const out = new Float32Array(3)
  for (let c = 0; c < 3; c++) out[c] = w > 1e-6 ? top.color[c]! / w : NEUTRAL
  return out
}

/**
 * A level's straight colours: its own where covered, and for what coverage lacks, the filled level above
 * read bilinearly (cell centres), so the fill has no blocks.
 */
function push(level: Level, coarse: Float32Array): Float32Array {
  const { width, height } = level
  const cw = Math.ceil(width / 2)
  const ch = Math.ceil(height / 2)
  const out = new Float32Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    const cy = Math.min(ch - 1, Math.max(0, (y + 0.5) / 2 - 0.5))
    const y0 = Math.floor(cy)
    const y1 = Math.min(ch - 1, y0 + 1)
    const ty = cy - y0
    for (let x = 0; x < width; x++) {
      const p = y * width + x
      const w = level.weight[p]!
      const cx = Math.min(cw - 1, Math.max(0, (x + 0.5) / 2 - 0.5))
      const x0 = Math.floor(cx)
      const x1 = Math.min(cw - 1, x0 + 1)
      const tx = cx - x0
      for (let c = 0; c < 3; c++) {
        const top = coarse[(y0 * cw + x0) * 3 + c]! * (1 - tx) + coarse[(y0 * cw + x1) * 3 + c]! * tx
        const bottom = coarse[(y1 * cw + x0) * 3 + c]! * (1 - tx) + coarse[(y1 * cw + x1) * 3 + c]! * tx
        const around = top * (1 - ty) + bottom * ty
        out[p * 3 + c] = level.color[p * 3 + c]! + (1 - w) * around
      }
    }
  }
  return out
}

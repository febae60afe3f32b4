/**
 * Reads the light of a background: where it comes from (the brightness gradient across the image and where
 * its highlights sit relative to the subject), its colour (the highlights'), the surrounding colour (the
 * fill a subject would get bounced off the scene) and how bright the scene is where the subject stands.
 * Works on a small grid of cell averages in linear light, each from a sample of its pixels.
 */
import { normalizeColor } from './light.js'
import { LUMA_B, LUMA_G, LUMA_R, SRGB_TO_LINEAR } from './srgb.js'
import type { Rgb, RgbaImage } from './types.js'

/** Longest side of the estimation grid. */
const CELLS = 48

/** Where the subject stands on the background, in background pixels. */
export interface Placement {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface SceneLight {
  /** Degrees, 0 = light from the right, 90 = from the top (the same convention as the `azimuth` option). */
  readonly azimuth: number
  /** Degrees above the image plane: low for a raking side light, high when the scene is evenly lit. */
  readonly elevation: number
  /** The key light's colour at unit luminance: the colour of the scene's brightest parts. */
  readonly color: Rgb
  /** The fill's colour at unit luminance: the scene's average colour around the subject. */
  readonly fill: Rgb
  /** Share of the light that is fill (0..1): high in an evenly lit scene, low under a single hard source. */
  readonly ambient: number
  /** 0 = hard light, 1 = soft: how spread out the scene's bright area is. */
  readonly softness: number
  /** Key strength for the subject so it sits at the scene's brightness where it stands (1 = as is). */
  readonly intensity: number
  /** 0..1: how clearly the scene has one direction; near 0 the azimuth is a guess (light from above). */
  readonly confidence: number
}

interface Cells {
  readonly w: number
  readonly h: number
  /** Linear RGB a cell, interleaved. */
  readonly rgb: Float32Array
  /** Linear luminance a cell. */
  readonly lum: Float32Array
  /** 1 where the cell has any opaque pixel: a transparent cell (a hole, a subject taken out) is not seen. */
  readonly seen: Uint8Array
}

function cellsOf(image: RgbaImage): Cells {
  const { width, height, data } = image
  const scale = Math.max(1, Math.ceil(Math.max(width, height) / CELLS))
  const w = Math.max(1, Math.ceil(width / scale))
  const h = Math.max(1, Math.ceil(height / scale))
  const rgb = new Float32Array(w * h * 3)
  const weight = new Float32Array(w * h)
  // A cell's average needs a few dozen samples, not every pixel: a large image is read on a sparser grid
  // (every pixel up to 8 to a cell side), so reading the light costs about the same whatever the size.
  const step = Math.max(1, Math.floor(scale / 8))
  const first = step >> 1
  const column = new Int32Array(width)
  for (let x = 0; x < width; x++) column[x] = (x / scale) | 0
  for (let y = first; y < height; y += step) {
    const row = ((y / scale) | 0) * w
    for (let x = first, i = (y * width + first) * 4; x < width; x += step, i += 4 * step) {
      const alpha = data[i + 3]
      if (alpha === 0) continue
      const c = (row + column[x]) * 3
      if (alpha === 255) {
        rgb[c] += SRGB_TO_LINEAR[data[i]]
        rgb[c + 1] += SRGB_TO_LINEAR[data[i + 1]]
        rgb[c + 2] += SRGB_TO_LINEAR[data[i + 2]]
        weight[row + column[x]] += 1
        continue
      }
      const a = alpha / 255
      rgb[c] += a * SRGB_TO_LINEAR[data[i]]
      rgb[c + 1] += a * SRGB_TO_LINEAR[data[i + 1]]
      rgb[c + 2] += a * SRGB_TO_LINEAR[data[i + 2]]
      weight[row + column[x]] += a
    }
  }
  const lum = new Float32Array(w * h)
  const seen = new Uint8Array(w * h)
  for (let c = 0; c < w * h; c++) {
    seen[c] = weight[c] > 0 ? 1 : 0
    const k = weight[c] > 0 ? 1 / weight[c] : 0
    rgb[c * 3] *= k
    rgb[c * 3 + 1] *= k
    rgb[c * 3 + 2] *= k
    lum[c] = LUMA_R * rgb[c * 3] + LUMA_G * rgb[c * 3 + 1] + LUMA_B * rgb[c * 3 + 2]
  }
  return { w, h, rgb, lum, seen }
}

function quantile(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort()
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v)

/** The default spot for a subject: centred, standing on the lower part of the background. */
export function defaultPlacement(
  background: RgbaImage,
  subject: { width: number; height: number }
): Placement {
  const fit = Math.min(
    1,
    (background.width * 0.6) / subject.width,
    (background.height * 0.6) / subject.height
  )
  const width = Math.max(1, Math.round(subject.width * fit))
  const height = Math.max(1, Math.round(subject.height * fit))
  return {
    x: Math.round((background.width - width) / 2),
    y: Math.round(background.height * 0.9 - height),
    width,
    height
  }
}

/**
 * Estimates the light of `background` for a subject at `at` (default: the middle of the image). An empty
 * or uniform background gives a soft light from above in its own colour, with `confidence` 0.
 */
export function estimateSceneLight(background: RgbaImage, at?: Placement): SceneLight {
  const cells = background.width === 0 || background.height === 0 ? undefined : cellsOf(background)
  const visible = cells === undefined ? 0 : cells.seen.reduce((sum, v) => sum + v, 0)
  if (cells === undefined || visible === 0) {
    return {
      azimuth: 90,
      elevation: 60,
      color: [1, 1, 1],
      fill: [1, 1, 1],
      ambient: 0.5,
      softness: 1,
      intensity: 1,
      confidence: 0
    }
  }
  const { w, h, rgb, lum, seen } = cells
  let mean = 0
  for (let c = 0; c < w * h; c++) mean += lum[c]
  mean /= visible
  const shown = visible === w * h ? lum : lum.filter((_, c) => seen[c] === 1)
  const ref = Math.max(mean, 1e-4)

  // The brightness gradient: a plane fitted to the luminance over normalised coordinates (-1..1, y down).
  let gx = 0
  let gy = 0
  let sxx = 0
  let syy = 0
  for (let y = 0; y < h; y++) {
    const v = h > 1 ? (2 * y) / (h - 1) - 1 : 0
    for (let x = 0; x < w; x++) {
      if (seen[y * w + x] === 0) continue
      const u = w > 1 ? (2 * x) / (w - 1) - 1 : 0
      const d = lum[y * w + x] - mean
      gx += d * u
      gy += d * v
      sxx += u * u
      syy += v * v
    }
  }
  gx = sxx > 0 ? gx / sxx / ref : 0
  gy = syy > 0 ? gy / syy / ref : 0

  // The highlights: the brightest tenth of the cells, seen from where the subject stands.
  const p90 = quantile(shown, 0.9)
  const median = quantile(shown, 0.5)
  const cx = at ? ((at.x + at.width / 2) / background.width) * 2 - 1 : 0
  const cy = at ? ((at.y + at.height / 2) / background.height) * 2 - 1 : 0
  let hx = 0
  let hy = 0
  let hw = 0
  const key = [0, 0, 0]
  for (let y = 0; y < h; y++) {
    const v = h > 1 ? (2 * y) / (h - 1) - 1 : 0
    for (let x = 0; x < w; x++) {
      const c = y * w + x
      if (seen[c] === 0 || lum[c] < p90) continue
      const u = w > 1 ? (2 * x) / (w - 1) - 1 : 0
      const wt = lum[c] - median + 1e-6
      hx += wt * (u - cx)
      hy += wt * (v - cy)
      hw += wt
      key[0] += rgb[c * 3]
      key[1] += rgb[c * 3 + 1]
      key[2] += rgb[c * 3 + 2]
    }
  }
  if (hw > 0) {
    hx /= hw
    hy /= hw
  }
  const contrast = (p90 - median) / Math.max(p90, 1e-4)
  // The gradient carries the direction; the highlights' offset weighs in as far as the scene has contrast.
  const dx = gx + hx * contrast
  const dy = gy + hy * contrast
  const magnitude = Math.hypot(dx, dy)
  const confidence = clamp(magnitude * 2, 0, 1)
  const azimuth = magnitude > 0.02 ? (Math.atan2(-dy, dx) * 180) / Math.PI : 90

  // The fill: the scene's average colour near the subject (a ring of cells around it), and its level.
  const ring = nearCells(w, h, background, at).filter((c) => seen[c] === 1)
  // All around the subject out of sight: the whole scene's average stands in for its surroundings.
  const near = ring.length > 0 ? ring : Array.from(seen.keys()).filter((c) => seen[c] === 1)
  const fill = [0, 0, 0]
  let nearLum = 0
  for (const c of near) {
    fill[0] += rgb[c * 3]
    fill[1] += rgb[c * 3 + 1]
    fill[2] += rgb[c * 3 + 2]
    nearLum += lum[c]
  }
  nearLum /= Math.max(1, near.length)

  return {
    azimuth: Math.round(azimuth),
    elevation: Math.round(clamp(60 - 40 * confidence, 15, 60)),
    color: normalizeColor([key[0], key[1], key[2]]),
    fill: normalizeColor([fill[0], fill[1], fill[2]]),
    ambient: clamp(0.55 - 0.4 * confidence, 0.15, 0.55),
    softness: clamp(1 - contrast * 1.5, 0.15, 0.95),
    // A subject lit at mid grey (0.18 linear) comes out about right; darker surroundings dim it gently.
    intensity: clamp(Math.sqrt(nearLum / 0.18), 0.6, 1.3),
    confidence
  }
}

/** Cells within the subject's box grown by half its size, or the middle third of the image. */
function nearCells(w: number, h: number, background: RgbaImage, at: Placement | undefined): number[] {
  const sx = w / background.width
  const sy = h / background.height
  const box = at ?? {
    x: background.width / 3,
    y: background.height / 3,
    width: background.width / 3,
    height: background.height / 3
  }
  const x0 = clamp(Math.floor((box.x - box.width / 2) * sx), 0, w - 1)
  const x1 = clamp(Math.ceil((box.x + box.width * 1.5) * sx), x0 + 1, w)
  const y0 = clamp(Math.floor((box.y - box.height / 2) * sy), 0, h - 1)
  const y1 = clamp(Math.ceil((box.y + box.height * 1.5) * sy), y0 + 1, h)
  const out: number[] = []
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) out.push(y * w + x)
  return out
}

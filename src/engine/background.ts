/**
 * Step 4 (scene output): the backdrop behind a cut-out, as three grid fields of sRGB values (0..255).
 *
 * A seamless neutral wall lit by the same light: a pool of light brightest on the light's side, falling
 * off like a studio spot (1 / (1 + r^2)) the way IC-Light's initial latent is a gradient from the light's
 * side, in the light's color, over the ambient fill in the fill's color. The contact shadow is the
 * subject's coverage, blurred (three box passes, about a Gaussian) and pushed away from the light (further
 * for a low light); it takes from both. The wall is smooth, so it is computed at half resolution and
 * interpolated in sRGB, which saves three table lookups a pixel and looks the same.
 */
import { boxBlur } from './blur.js'
import type { Light } from './light.js'
import type { SubjectGrid } from './mask.js'
import { type Coarse, coarseOf, downsample, upsample } from './resample.js'
import { LINEAR_TO_SRGB, linearIndex } from './srgb.js'

/** Spot radius as a fraction of the image diagonal, and how far off-center it sits at a grazing light. */
const SPOT_RADIUS = 0.55
const SPOT_OFFSET = 0.6
/** Contact shadow: blur and offset as fractions of the subject's size, darkness at `shadow` = 1. */
const SHADOW_BLUR = 0.05
const SHADOW_OFFSET = 0.1
const SHADOW_DARKNESS = 0.85

/** A neutral wall's reflectance, and how much of the ambient reaches it (a dim floor plus `ambient`). */
const WALL_ALBEDO = 0.55
const WALL_AMBIENT_MIN = 0.04
const WALL_AMBIENT_SPAN = 0.4

export interface BackdropFields {
  readonly r: Float32Array
  readonly g: Float32Array
  readonly b: Float32Array
}

export interface Scratch {
  readonly tmp: Float32Array
  readonly acc: Float64Array
}

/**
 * The light on the wall behind the subject, on the half-resolution grid: `spot` is the key's pool of light
 * (1 at its peak), `left` what the contact shadow leaves of it (1 = no shadow).
 */
export interface WallLight {
  readonly c: Coarse
  readonly cellPx: number
  readonly spot: Float32Array
  readonly left: Float32Array
}

export function wallLight(
  grid: SubjectGrid,
  light: Light,
  imageWidth: number,
  imageHeight: number,
  scratch: Scratch
): WallLight {
  const { width, height, bounds } = grid
  const c = coarseOf(width, height)
  const cw = c.width
  const ch = c.height
  const cellPx = grid.scale * c.factor
  const shadow = new Float32Array(cw * ch)
  downsample(grid.coverage, width, height, c, shadow)

  // Contact shadow, shifted away from the light.
  const size = (bounds.x1 - bounds.x0 + (bounds.y1 - bounds.y0)) / 2
  boxBlur(shadow, cw, ch, (SHADOW_BLUR * size) / cellPx, 3, scratch.tmp, scratch.acc)
  const reach = (SHADOW_OFFSET * size * (0.3 + light.cosEl)) / cellPx
  const ox = -light.dirX * reach
  const oy = -light.dirY * reach
  const darkness = light.shadow * SHADOW_DARKNESS

  // Spot center: off the frame on the light's side at a grazing light, centered when the light is frontal.
  const diag = Math.hypot(imageWidth, imageHeight)
  const sx = imageWidth / 2 + light.dirX * light.cosEl * SPOT_OFFSET * diag
  const sy = imageHeight / 2 + light.dirY * light.cosEl * SPOT_OFFSET * diag
  const inv = 1 / (SPOT_RADIUS * diag) ** 2
  const spot = new Float32Array(cw * ch)
  const left = new Float32Array(cw * ch)
  let peak = 0
  for (let y = 0, i = 0; y < ch; y++) {
    const dy = (y + 0.5) * cellPx - sy
    for (let x = 0; x < cw; x++, i++) {
      const dx = (x + 0.5) * cellPx - sx
      const v = 1 / (1 + (dx * dx + dy * dy) * inv)
      spot[i] = v
      if (v > peak) peak = v
      const s = sample(shadow, cw, ch, x - ox, y - oy)
      left[i] = 1 - darkness * (s < 1 ? s : 1)
    }
  }
  for (let i = 0; i < spot.length; i++) spot[i] /= peak
  return { c, cellPx, spot, left }
}

export function backdrop(
  grid: SubjectGrid,
  light: Light,
  imageWidth: number,
  imageHeight: number,
  scratch: Scratch
): BackdropFields {
  const { width, height } = grid
  const { c, spot, left } = wallLight(grid, light, imageWidth, imageHeight, scratch)
  const n = c.width * c.height
  const { color, fill, intensity } = light
  const amb = WALL_ALBEDO * (WALL_AMBIENT_MIN + WALL_AMBIENT_SPAN * light.ambient)
  const key = WALL_ALBEDO * intensity
  const rC = new Float32Array(n)
  const gC = new Float32Array(n)
  const bC = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const k = spot[i] * key * left[i]
    const a = amb * left[i]
    rC[i] = LINEAR_TO_SRGB[linearIndex(a * fill[0] + k * color[0])]
    gC[i] = LINEAR_TO_SRGB[linearIndex(a * fill[1] + k * color[1])]
    bC[i] = LINEAR_TO_SRGB[linearIndex(a * fill[2] + k * color[2])]
  }
  const fields = {
    r: new Float32Array(width * height),
    g: new Float32Array(width * height),
    b: new Float32Array(width * height)
  }
  upsample(rC, c, width, height, fields.r)
  upsample(gC, c, width, height, fields.g)
  upsample(bC, c, width, height, fields.b)
  return fields
}

/** Bilinear sample with clamped coordinates. */
function sample(f: Float32Array, width: number, height: number, x: number, y: number): number {
  const cx = x < 0 ? 0 : x > width - 1 ? width - 1 : x
  const cy = y < 0 ? 0 : y > height - 1 ? height - 1 : y
  const x0 = Math.floor(cx)
  const y0 = Math.floor(cy)
  const x1 = x0 + 1 < width ? x0 + 1 : x0
  const y1 = y0 + 1 < height ? y0 + 1 : y0
  const fx = cx - x0
  const fy = cy - y0
  const top = f[y0 * width + x0] + (f[y0 * width + x1] - f[y0 * width + x0]) * fx
  const bottom = f[y1 * width + x0] + (f[y1 * width + x1] - f[y1 * width + x0]) * fx
  return top + (bottom - top) * fy
}

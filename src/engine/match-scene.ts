/**
 * Lights a subject so it belongs on a background: the key light from the scene's direction in the scene's
 * colour, fill from the colours around where the subject stands, a gentle pull of the subject's colours
 * toward the scene's, and the shadow it casts onto the background. Gives the pieces separately (the relit
 * subject, its shadow) and composed, so a canvas can layer them and an API can return one image.
 */
import { contactShadow, type ShadowLayer } from './contact-shadow.js'
import { relight } from './relight.js'
import { defaultPlacement, estimateSceneLight, type Placement, type SceneLight } from './scene-light.js'
import { LINEAR_LUT_SIZE, LINEAR_TO_SRGB8, SRGB_TO_LINEAR } from './srgb.js'
import type { RelightOptions, RelitImage, Rgb, RgbaImage } from './types.js'

/** How far the subject's colours move toward the scene's (or the chosen) colour: gentle, so products keep theirs. */
const HARMONY = 0.2

export interface MatchOptions {
  /** Where the subject stands on the background, in background pixels; default centred, low. */
  readonly placement?: Placement
  /**
   * Any of the estimated light's values, chosen by the designer instead. A chosen `color` is also what the
   * subject's colours are pulled toward, in place of the scene's surroundings.
   */
  readonly light?: Partial<SceneLight>
  /** The subject's own mask (255 = subject), or `autoMask` to find the subject of an opaque photo. */
  readonly mask?: Uint8Array
  readonly autoMask?: boolean
  /** How much of the new light replaces the subject's own, 0..1 (default 1). */
  readonly strength?: number
  /** 0.. : each variation moves the light a little (a few degrees, a touch softer or harder). */
  readonly variation?: number
}

export interface MatchedScene {
  /** The light used: the estimate with any override applied. */
  readonly light: SceneLight
  readonly placement: Placement
  /** The relit subject at its own size, with its own alpha (the composite scales it to the placement). */
  readonly subject: RelitImage
  /** The shadow layer; `x`, `y` are in background pixels. */
  readonly shadow: ShadowLayer
  /** The background with the shadow and the subject over it, the background's size. */
  readonly composite: RgbaImage
}

export function matchScene(
  subject: RgbaImage,
  background: RgbaImage,
  options: MatchOptions = {}
): MatchedScene {
  const placement = options.placement ?? defaultPlacement(background, subject)
  if (!(placement.width >= 1 && placement.height >= 1)) {
    throw new RangeError(
      `the subject's place on the background needs a size (got ${placement.width} x ${placement.height})`
    )
  }
  const light = varied(
    { ...estimateSceneLight(background, placement), ...options.light },
    options.variation ?? 0
  )
  const relightOptions: RelightOptions = {
    lightSource: 'none',
    azimuth: light.azimuth,
    elevation: light.elevation,
    color: light.color,
    fill: light.fill,
    ambient: light.ambient,
    softness: light.softness,
    intensity: light.intensity,
    output: 'cutout',
    ...(options.strength !== undefined ? { strength: options.strength } : {}),
    ...(options.autoMask ? { autoMask: true } : options.mask ? { mask: options.mask } : {})
  }
  const lit = relight(subject, relightOptions)
  harmonize(lit.data, options.light?.color ?? light.fill)
  const sized = resize(lit, Math.round(placement.width), Math.round(placement.height))
  const relit: RelitImage = { ...lit, notes: [...lit.notes, describe(light)] }

  const alpha = new Uint8Array(sized.width * sized.height)
  for (let p = 0; p < alpha.length; p++) alpha[p] = sized.data[p * 4 + 3]
  const local = contactShadow(alpha, sized.width, sized.height, light)
  const shadow = {
    image: local.image,
    x: Math.round(placement.x) + local.x,
    y: Math.round(placement.y) + local.y
  }

  const composite = {
    width: background.width,
    height: background.height,
    data: new Uint8ClampedArray(background.data)
  }
  over(composite, shadow.image, shadow.x, shadow.y)
  over(composite, sized, Math.round(placement.x), Math.round(placement.y))
  return { light, placement, subject: relit, shadow, composite }
}

/** The light in words for the job's log. */
function describe(light: SceneLight): string {
  const [r, g, b] = light.color.map((c) => Math.round(Math.min(1, c / Math.max(...light.color)) * 255))
  return (
    `Scene light from ${light.azimuth}° at ${light.elevation}° elevation, colour rgb(${r}, ${g}, ${b}), ` +
    `fill ${Math.round(light.ambient * 100)} %${light.confidence < 0.2 ? ' (the background shows no clear direction)' : ''}.`
  )
}

function varied(light: SceneLight, variation: number): SceneLight {
  const v = Math.max(0, Math.floor(variation))
  if (v === 0) return light
  const angle = v * 2.39996
  return {
    ...light,
    azimuth: Math.round(light.azimuth + 15 * Math.sin(angle)),
    elevation: Math.min(80, Math.max(10, Math.round(light.elevation + 12 * Math.cos(angle)))),
    softness: Math.min(1, Math.max(0, light.softness + 0.25 * Math.sin(angle * 2)))
  }
}

/** Pulls each channel toward `toward` (a colour at unit luminance), in linear light, alpha untouched. */
function harmonize(data: Uint8ClampedArray, toward: Rgb): void {
  const tables = [0, 1, 2].map((c) => {
    const gain = 1 - HARMONY + HARMONY * toward[c]
    const t = new Uint8Array(256)
    for (let v = 0; v < 256; v++) {
      t[v] =
        LINEAR_TO_SRGB8[
          Math.min(LINEAR_LUT_SIZE - 1, Math.round(SRGB_TO_LINEAR[v] * gain * (LINEAR_LUT_SIZE - 1)))
        ]
    }
    return t
  })
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) continue
    data[i] = tables[0][data[i]]
    data[i + 1] = tables[1][data[i + 1]]
    data[i + 2] = tables[2][data[i + 2]]
  }
}

/** Bilinear resize with alpha-weighted colour, so transparent pixels' hidden colour never bleeds in. */
export function resize(image: RgbaImage, width: number, height: number): RgbaImage {
  if (image.width === width && image.height === height) {
    return { width, height, data: new Uint8ClampedArray(image.data) }
  }
  const { width: sw, height: sh, data: src } = image
  const out = new Uint8ClampedArray(width * height * 4)
  // Each output column's two source columns (as byte offsets) and weight, worked out once for all rows.
  const c0 = new Int32Array(width)
  const c1 = new Int32Array(width)
  const cx = new Float32Array(width)
  for (let x = 0; x < width; x++) {
    const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / width - 0.5))
    const x0 = Math.floor(fx)
    c0[x] = x0 * 4
    c1[x] = Math.min(sw - 1, x0 + 1) * 4
    cx[x] = fx - x0
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / height - 0.5))
    const y0 = Math.floor(fy)
    const top = y0 * sw * 4
    const bottom = Math.min(sh - 1, y0 + 1) * sw * 4
    const ty = fy - y0
    for (let x = 0, o = y * width * 4; x < width; x++, o += 4) {
      const tx = cx[x]
      const i00 = top + c0[x]
      const i01 = top + c1[x]
      const i10 = bottom + c0[x]
      const i11 = bottom + c1[x]
      const w00 = (1 - tx) * (1 - ty) * src[i00 + 3]
      const w01 = tx * (1 - ty) * src[i01 + 3]
      const w10 = (1 - tx) * ty * src[i10 + 3]
      const w11 = tx * ty * src[i11 + 3]
      const a = w00 + w01 + w10 + w11
      if (a > 0) {
        const k = 1 / a
        out[o] = (w00 * src[i00] + w01 * src[i01] + w10 * src[i10] + w11 * src[i11]) * k
        out[o + 1] = (w00 * src[i00 + 1] + w01 * src[i01 + 1] + w10 * src[i10 + 1] + w11 * src[i11 + 1]) * k
        out[o + 2] = (w00 * src[i00 + 2] + w01 * src[i01 + 2] + w10 * src[i10 + 2] + w11 * src[i11 + 2]) * k
      }
      out[o + 3] = a
    }
  }
  return { width, height, data: out }
}

/** Straight-alpha `top` over the opaque-or-not `base` at (`left`, `top`), in sRGB as editors composite. */
function over(base: RgbaImage, layer: RgbaImage, left: number, topY: number): void {
  const { width: bw, height: bh, data: dst } = base
  const src = layer.data
  const x0 = Math.max(0, -left)
  const x1 = Math.min(layer.width, bw - left)
  for (let y = Math.max(0, -topY); y < layer.height && y + topY < bh; y++) {
    let s = (y * layer.width + x0) * 4
    let d = ((y + topY) * bw + x0 + left) * 4
    for (let x = x0; x < x1; x++, s += 4, d += 4) {
      const sa = src[s + 3]
      if (sa === 0) continue
      const a = sa / 255
      const da = dst[d + 3] / 255
      const keep = da * (1 - a)
      const oa = a + keep
      const k = 1 / oa
      dst[d] = (src[s] * a + dst[d] * keep) * k
      dst[d + 1] = (src[s + 1] * a + dst[d + 1] * keep) * k
      dst[d + 2] = (src[s + 2] * a + dst[d + 2] * keep) * k
      dst[d + 3] = oa * 255
    }
  }
}

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
  for (let y = 0; y < height; y++) {
    const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / height - 0.5))
    const y0 = Math.floor(fy)
    const y1 = Math.min(sh - 1, y0 + 1)
    const ty = fy - y0
    for (let x = 0; x < width; x++) {
      const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / width - 0.5))
      const x0 = Math.floor(fx)
      const x1 = Math.min(sw - 1, x0 + 1)
      const tx = fx - x0
      let a = 0
      let r = 0
      let g = 0
      let b = 0
      const tap = (i: number, w: number): void => {
        const wa = w * src[i + 3]
        a += wa
        r += wa * src[i]
        g += wa * src[i + 1]
        b += wa * src[i + 2]
      }
      tap((y0 * sw + x0) * 4, (1 - tx) * (1 - ty))
      tap((y0 * sw + x1) * 4, tx * (1 - ty))
      tap((y1 * sw + x0) * 4, (1 - tx) * ty)
      tap((y1 * sw + x1) * 4, tx * ty)
      const o = (y * width + x) * 4
      if (a > 0) {
        out[o] = r / a
        out[o + 1] = g / a
        out[o + 2] = b / a
      }
      out[o + 3] = a
    }
  }
  return { width, height, data: out }
}

/** Straight-alpha `top` over the opaque-or-not `base` at (`left`, `top`), in sRGB as editors composite. */
function over(base: RgbaImage, layer: RgbaImage, left: number, topY: number): void {
  const { width: bw, height: bh, data: dst } = base
  for (let y = Math.max(0, -topY); y < layer.height && y + topY < bh; y++) {
    for (let x = Math.max(0, -left); x < layer.width && x + left < bw; x++) {
      const s = (y * layer.width + x) * 4
      const a = layer.data[s + 3] / 255
      if (a === 0) continue
      const d = ((y + topY) * bw + x + left) * 4
      const da = dst[d + 3] / 255
      const oa = a + da * (1 - a)
      for (let c = 0; c < 3; c++) {
        dst[d + c] = (layer.data[s + c] * a + dst[d + c] * da * (1 - a)) / oa
      }
      dst[d + 3] = oa * 255
    }
  }
}

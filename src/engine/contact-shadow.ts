/**
 * The shadow a subject casts onto the background behind it: its silhouette pushed away from the light (the
 * lower the light, the further), softened by the light's softness, plus a tight contact darkening where it
 * stands. Returned as its own layer so a designer can move or fade it under the subject.
 */
import { boxBlur } from './blur.js'
import { LINEAR_TO_SRGB8, linearIndex } from './srgb.js'
import type { Rgb, RgbaImage } from './types.js'

/** Longest side of the field the shadow is computed on; it is smooth, so it is upsampled from there. */
const FIELD_MAX = 384

export interface ShadowLayer {
  readonly image: RgbaImage
  /** Offset of the layer's top-left corner from the subject's top-left corner, in pixels. */
  readonly x: number
  readonly y: number
}

export interface ShadowLight {
  /** Degrees, 0 = light from the right, 90 = from the top. */
  readonly azimuth: number
  /** Degrees above the image plane. */
  readonly elevation: number
  /** 0 = hard, 1 = soft. */
  readonly softness: number
  /** Share of fill light 0..1: a bright, even scene casts a fainter shadow. */
  readonly ambient: number
  /** The scene's fill colour: shadows take a dark version of the light around them. */
  readonly fill: Rgb
}

/** The shadow of a subject `width` x `height` with one alpha byte a pixel. */
export function contactShadow(
  alpha: Uint8Array,
  width: number,
  height: number,
  light: ShadowLight
): ShadowLayer {
  const size = Math.max(width, height)
  const az = (light.azimuth * Math.PI) / 180
  const el = (Math.min(85, Math.max(5, light.elevation)) * Math.PI) / 180
  // Away from the light: the light's direction in image axes is (cos az, -sin az).
  const reach = Math.min(0.35, (0.12 * Math.cos(el)) / (Math.sin(el) + 0.25)) * size
  const offX = -Math.cos(az) * reach
  const offY = Math.sin(az) * reach
  const blur = 1 + light.softness * 0.06 * size
  const pad = Math.ceil(Math.hypot(offX, offY) + 3 * blur + 2)
  const lw = width + 2 * pad
  const lh = height + 2 * pad

  const scale = Math.max(1, Math.ceil(Math.max(lw, lh) / FIELD_MAX))
  const fw = Math.ceil(lw / scale)
  const fh = Math.ceil(lh / scale)
  const cast = new Float32Array(fw * fh)
  const contact = new Float32Array(fw * fh)
  const count = 1 / (scale * scale)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = alpha[y * width + x]
      if (a === 0) continue
      const v = (a / 255) * count
      const cxp = Math.floor((x + pad + offX) / scale)
      const cyp = Math.floor((y + pad + offY) / scale)
      if (cxp >= 0 && cxp < fw && cyp >= 0 && cyp < fh) cast[cyp * fw + cxp] += v
      contact[Math.floor((y + pad) / scale) * fw + Math.floor((x + pad) / scale)] += v
    }
  }
  const tmp = new Float32Array(fw * fh)
  const acc = new Float64Array(Math.max(fw, fh))
  boxBlur(cast, fw, fh, blur / scale, 3, tmp, acc)
  boxBlur(contact, fw, fh, Math.max(1, (0.015 * size) / scale), 3, tmp, acc)

  const strength = 0.7 - 0.6 * Math.min(1, Math.max(0, light.ambient))
  const dark = light.fill.map((c) => LINEAR_TO_SRGB8[linearIndex(Math.min(1, c) * 0.04)])
  const data = new Uint8ClampedArray(lw * lh * 4)
  for (let y = 0; y < lh; y++) {
    const fy = Math.min(fh - 1, Math.max(0, (y + 0.5) / scale - 0.5))
    const y0 = Math.floor(fy)
    const y1 = Math.min(fh - 1, y0 + 1)
    const ty = fy - y0
    for (let x = 0; x < lw; x++) {
      const fx = Math.min(fw - 1, Math.max(0, (x + 0.5) / scale - 0.5))
      const x0 = Math.floor(fx)
      const x1 = Math.min(fw - 1, x0 + 1)
      const tx = fx - x0
      const sample = (f: Float32Array): number =>
        (f[y0 * fw + x0] * (1 - tx) + f[y0 * fw + x1] * tx) * (1 - ty) +
        (f[y1 * fw + x0] * (1 - tx) + f[y1 * fw + x1] * tx) * ty
      const a = Math.min(1, strength * sample(cast) + 0.5 * strength * sample(contact))
      const i = (y * lw + x) * 4
      data[i] = dark[0]
      data[i + 1] = dark[1]
      data[i + 2] = dark[2]
      data[i + 3] = Math.round(a * 255)
    }
  }
  return { image: { width: lw, height: lh, data }, x: -pad, y: -pad }
}

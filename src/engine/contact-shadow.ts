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
  // Field columns of each subject column, once: -1 where the cast shadow falls off the field.
  const castColumn = new Int32Array(width)
  const contactColumn = new Int32Array(width)
  for (let x = 0; x < width; x++) {
    const c = Math.floor((x + pad + offX) / scale)
    castColumn[x] = c >= 0 && c < fw ? c : -1
    contactColumn[x] = Math.floor((x + pad) / scale)
  }
  const unit = count / 255
  for (let y = 0; y < height; y++) {
    const cyp = Math.floor((y + pad + offY) / scale)
    const castRow = cyp >= 0 && cyp < fh ? cyp * fw : -1
    const contactRow = Math.floor((y + pad) / scale) * fw
    for (let x = 0, p = y * width; x < width; x++, p++) {
      const a = alpha[p]
      if (a === 0) continue
      const v = a * unit
      if (castRow >= 0 && castColumn[x] >= 0) cast[castRow + castColumn[x]] += v
      contact[contactRow + contactColumn[x]] += v
    }
  }
  const tmp = new Float32Array(fw * fh)
  const acc = new Float64Array(Math.max(fw, fh))
  boxBlur(cast, fw, fh, blur / scale, 3, tmp, acc)
  boxBlur(contact, fw, fh, Math.max(1, (0.015 * size) / scale), 3, tmp, acc)

  const strength = 0.7 - 0.6 * Math.min(1, Math.max(0, light.ambient))
  // Interpolation is linear: the two terms are summed once on the small field, and the upsample reads one.
  const field = cast
  for (let i = 0; i < field.length; i++) field[i] = strength * (cast[i] + 0.5 * contact[i])
  const dark = light.fill.map((c) => LINEAR_TO_SRGB8[linearIndex(Math.min(1, c) * 0.04)])
  const data = new Uint8ClampedArray(lw * lh * 4)
  // Every pixel takes the shadow's colour in one fill (as bytes, so byte order does not matter); the loop
  // below writes alpha only.
  new Uint32Array(data.buffer).fill(new Uint32Array(new Uint8Array([dark[0], dark[1], dark[2], 0]).buffer)[0])
  const { x0: c0, x1: c1, t: ct } = taps(lw, fw, scale)
  const line = new Float32Array(fw)
  for (let y = 0; y < lh; y++) {
    const fy = Math.min(fh - 1, Math.max(0, (y + 0.5) / scale - 0.5))
    const r0 = Math.floor(fy) * fw
    const r1 = Math.min(fh - 1, Math.floor(fy) + 1) * fw
    const ty = fy - Math.floor(fy)
    for (let x = 0; x < fw; x++) line[x] = field[r0 + x] * (1 - ty) + field[r1 + x] * ty
    for (let x = 0, i = y * lw * 4 + 3; x < lw; x++, i += 4) {
      const tx = ct[x]
      data[i] = (line[c0[x]] * (1 - tx) + line[c1[x]] * tx) * 255
    }
  }
  return { image: { width: lw, height: lh, data }, x: -pad, y: -pad }
}

/** For each of `size` output columns, the two field columns it lies between and the weight of the second. */
function taps(
  size: number,
  fieldSize: number,
  scale: number
): { x0: Int32Array; x1: Int32Array; t: Float32Array } {
  const x0 = new Int32Array(size)
  const x1 = new Int32Array(size)
  const t = new Float32Array(size)
  for (let x = 0; x < size; x++) {
    const f = Math.min(fieldSize - 1, Math.max(0, (x + 0.5) / scale - 0.5))
    x0[x] = Math.floor(f)
    x1[x] = Math.min(fieldSize - 1, x0[x] + 1)
    t[x] = f - x0[x]
  }
  return { x0, x1, t }
}

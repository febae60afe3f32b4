/**
 * The light as the shading steps see it: resolved once per call from `RelightOptions`, with every default
 * and range applied, so the hot loops read plain numbers.
 */
import type { LightSource } from '../protocol/options.js'
import { STUDIO_DEFAULTS } from '../protocol/studio-defaults.js'
import type { RelightOptions, Rgb } from './types.js'

/** Where each source puts the light, in degrees: 0 = from the right, 90 = from the top. */
export const SOURCE_AZIMUTH: Readonly<Record<Exclude<LightSource, 'none'>, number>> = {
  right: 0,
  top: 90,
  left: 180,
  bottom: -90
}

/** The local/studio catalog entry's defaults, for callers that set no option. */
export const DEFAULTS = STUDIO_DEFAULTS

/**
 * The key light's tint at each end of the temperature scale, linear RGB: a 2700 K tungsten warm and a
 * 10000 K open-shade cool (the sRGB white points of those blackbodies), white between.
 */
const WARM: Rgb = [1, 0.397, 0.095]
const COOL: Rgb = [0.584, 0.701, 1]

export interface Light {
  /** False for `lightSource: 'none'` without an azimuth: no direction, only color and strength. */
  readonly directional: boolean
  /** Unit vector in the image plane pointing toward the light, image axes (x right, y down). */
  readonly dirX: number
  readonly dirY: number
  /** sin and cos of the elevation. */
  readonly sinEl: number
  readonly cosEl: number
  readonly color: Rgb
  readonly fill: Rgb
  readonly intensity: number
  readonly ambient: number
  readonly specular: number
  readonly rim: number
  readonly shadow: number
  readonly softness: number
  /** 0..1: the share of the new light in the result (1 - strength of the input is kept). */
  readonly strength: number
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v)
const finite = (v: number | undefined, fallback: number): number =>
  v !== undefined && Number.isFinite(v) ? v : fallback

/** Scales a color so its luminance is 1: color words tint, they do not brighten (intensity does). */
export function normalizeColor(c: Rgb): Rgb {
  const r = Math.max(0, c[0])
  const g = Math.max(0, c[1])
  const b = Math.max(0, c[2])
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b
  return y > 1e-6 ? [r / y, g / y, b / y] : [1, 1, 1]
}

/** Halfway between white and `c`, renormalized: the fill is the key's color bounced off a neutral room. */
function halfTint(c: Rgb): Rgb {
  return normalizeColor([(1 + c[0]) / 2, (1 + c[1]) / 2, (1 + c[2]) / 2])
}

export function resolveLight(options: RelightOptions): Light {
  const azimuth =
    options.azimuth !== undefined && Number.isFinite(options.azimuth)
      ? options.azimuth
      : options.lightSource === 'none'
        ? undefined
        : SOURCE_AZIMUTH[options.lightSource]
  const el = (clamp(finite(options.elevation, DEFAULTS.elevation), 0, 90) * Math.PI) / 180
  const az = ((azimuth ?? 0) * Math.PI) / 180
  const color = tinted(
    options.color ? normalizeColor(options.color) : [1, 1, 1],
    clamp(finite(options.temperature, DEFAULTS.temperature), -1, 1)
  )
  return {
    directional: azimuth !== undefined,
    dirX: Math.cos(az),
    dirY: -Math.sin(az),
    sinEl: Math.sin(el),
    cosEl: Math.cos(el),
    color,
    fill: options.fill ? normalizeColor(options.fill) : halfTint(color),
    intensity: clamp(finite(options.intensity, DEFAULTS.intensity), 0, 4),
    ambient: clamp(finite(options.ambient, DEFAULTS.ambient), 0, 1),
    specular: clamp(finite(options.specular, DEFAULTS.specular), 0, 1),
    rim: clamp(finite(options.rim, DEFAULTS.rim), 0, 1),
    shadow: clamp(finite(options.shadow, DEFAULTS.shadow), 0, 1),
    softness: clamp(finite(options.softness, DEFAULTS.softness), 0, 1),
    strength: clamp(finite(options.strength, DEFAULTS.strength), 0, 1)
  }
}

/** `c` warmed (t < 0) or cooled (t > 0) toward the ends of the temperature scale, at unit luminance. */
function tinted(c: Rgb, t: number): Rgb {
  if (t === 0) return c
  const end = t < 0 ? WARM : COOL
  const a = Math.abs(t)
  return normalizeColor([
    c[0] * (1 - a + a * end[0]),
    c[1] * (1 - a + a * end[1]),
    c[2] * (1 - a + a * end[2])
  ])
}

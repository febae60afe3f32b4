/**
 * Maps a validated `local/studio` request (src/protocol/request.ts, catalog options in
 * src/protocol/catalog.ts) onto engine options.
 */
import type { MaskMode } from '../protocol/options.js'
import type { RelightParams } from '../protocol/request.js'
import { hexToLinear } from './hex-color.js'
import { DEFAULTS, SOURCE_AZIMUTH } from './light.js'
import { lightFromPrompt } from './palette.js'
import type { RelightOptions, Rgb } from './types.js'

export type StudioParams = Pick<RelightParams, 'prompt' | 'lightSource' | 'output' | 'options' | 'seed'> & {
  /** `auto`: the engine finds the subject itself and the mask is ignored. */
  readonly maskMode?: MaskMode
}

/**
 * What each variation changes, so several images differ visibly side by side while the light still comes
 * from the chosen side: degrees added to azimuth and elevation, softness (the spread of the light) and
 * temperature added to the base. Distinct and deterministic.
 */
interface Nudge {
  readonly azimuth: number
  readonly elevation: number
  readonly softness: number
  readonly temperature: number
}

const NUDGES: readonly Nudge[] = [
  { azimuth: 0, elevation: 0, softness: 0, temperature: 0 },
  { azimuth: 20, elevation: 34, softness: 0.35, temperature: -0.3 },
  { azimuth: -20, elevation: -24, softness: -0.35, temperature: 0.3 },
  { azimuth: -8, elevation: 50, softness: 0.1, temperature: 0.3 }
]

function nudge(variation: number): Nudge {
  const v = Math.max(0, Math.floor(variation))
  if (v < NUDGES.length) return NUDGES[v]
  // Further variations walk around a small circle by the golden angle, so none repeats.
  const angle = v * 2.39996
  return {
    azimuth: 20 * Math.cos(angle),
    elevation: 16 * Math.sin(angle),
    softness: 0.3 * Math.sin(angle * 2),
    temperature: 0.25 * Math.cos(angle * 3)
  }
}

function numberOption(options: StudioParams['options'], name: string): number | undefined {
  const value = options[name]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** The `lightColor` option as a linear colour; undefined when unset (validation refused anything else). */
export function lightColorOption(options: StudioParams['options']): Rgb | undefined {
  const value = options.lightColor
  return typeof value === 'string' ? hexToLinear(value) : undefined
}

/**
 * The designer's choices that win over the light read off a background when matching one: the direction
 * (`azimuth`) and the key light's colour (`lightColor`). Elevation always has a value, its default, so the
 * background's reading of it stands.
 */
export function sceneOverrides(options: StudioParams['options']): {
  readonly azimuth?: number
  readonly color?: Rgb
} {
  const azimuth = numberOption(options, 'azimuth')
  const color = lightColorOption(options)
  return { ...(azimuth !== undefined ? { azimuth } : {}), ...(color ? { color } : {}) }
}

/**
 * Maps a validated request (catalog options for local/studio) to engine options. `variation` (0-based)
 * nudges the light a little per variation so several images differ; variation 0 is the base light. With
 * `lightSource: 'none'` and no azimuth there is no direction to nudge, so variations are identical.
 */
export function studioOptions(params: StudioParams, variation = 0, mask?: Uint8Array): RelightOptions {
  const light = lightFromPrompt(params.prompt)
  const opts = params.options
  const azimuthOverride = numberOption(opts, 'azimuth')
  const baseAzimuth =
    azimuthOverride ?? (params.lightSource === 'none' ? undefined : SOURCE_AZIMUTH[params.lightSource])
  const elevation = numberOption(opts, 'elevation')
  const n = baseAzimuth === undefined ? NUDGES[0] : nudge(variation)
  const dAz = n.azimuth
  const dEl = n.elevation
  const intensity = (numberOption(opts, 'intensity') ?? DEFAULTS.intensity) * light.intensity
  const nudgedElevation =
    elevation === undefined && dEl === 0 ? undefined : clampElevation((elevation ?? DEFAULTS.elevation) + dEl)

  return {
    lightSource: params.lightSource,
    ...(baseAzimuth !== undefined && (azimuthOverride !== undefined || dAz !== 0)
      ? { azimuth: wrapDegrees(baseAzimuth + dAz) }
      : {}),
    ...(nudgedElevation !== undefined ? { elevation: nudgedElevation } : {}),
    color: lightColorOption(opts) ?? light.color,
    intensity,
    ...(light.fill ? { fill: light.fill } : {}),
    ...optional('softness', shifted(light.softness, n.softness, 0.5, 0, 1)),
    ...optional('strength', numberOption(opts, 'strength')),
    ...optional('temperature', shifted(numberOption(opts, 'temperature'), n.temperature, 0, -1, 1)),
    ...optional('ambient', scaled(numberOption(opts, 'ambient'), light.fillStrength)),
    ...optional('specular', numberOption(opts, 'specular')),
    ...optional('rim', numberOption(opts, 'rim')),
    ...optional('shadow', numberOption(opts, 'shadow')),
    output: params.output,
    ...(params.maskMode === 'auto' ? { autoMask: true } : mask ? { mask } : {})
  }
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number }
}

/** The ambient option times the words' fill strength, kept in range (no option: engine default, unscaled). */
function scaled(value: number | undefined, by: number | undefined): number | undefined {
  return value === undefined || by === undefined ? value : Math.min(1, value * by)
}

/** `value` (or `base` when unset) moved by `by` and kept in range; unset when unset and not moved. */
function shifted(
  value: number | undefined,
  by: number,
  base: number,
  lo: number,
  hi: number
): number | undefined {
  if (by === 0) return value
  return Math.min(hi, Math.max(lo, (value ?? base) + by))
}

function clampElevation(v: number): number {
  return Math.min(90, Math.max(0, v))
}

function wrapDegrees(v: number): number {
  const w = ((((v + 180) % 360) + 360) % 360) - 180
  return w === -180 ? 180 : w
}

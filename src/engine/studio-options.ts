/**
 * Maps a validated `local/studio` request (src/protocol/request.ts, catalog options in
 * src/protocol/catalog.ts) onto engine options.
 */
import type { RelightParams } from '../protocol/request.js'
import { DEFAULTS, SOURCE_AZIMUTH } from './light.js'
import { lightFromPrompt } from './palette.js'
import type { RelightOptions } from './types.js'

export type StudioParams = Pick<RelightParams, 'prompt' | 'lightSource' | 'output' | 'options' | 'seed'>

/**
 * Degrees added to azimuth and elevation per variation: distinct, deterministic, and large enough that the
 * variations differ visibly side by side (the light still comes from the chosen side).
 */
const NUDGES: readonly (readonly [number, number])[] = [
  [0, 0],
  [20, 34],
  [-20, -24],
  [8, 48]
]

function nudge(variation: number): readonly [number, number] {
  const v = Math.max(0, Math.floor(variation))
  if (v < NUDGES.length) return NUDGES[v]
  // Further variations walk around a small circle by the golden angle, so none repeats.
  const angle = v * 2.39996
  return [20 * Math.cos(angle), 16 * Math.sin(angle)]
}

function numberOption(options: StudioParams['options'], name: string): number | undefined {
  const value = options[name]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
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
  const [dAz, dEl] = baseAzimuth === undefined ? [0, 0] : nudge(variation)
  const intensity = (numberOption(opts, 'intensity') ?? DEFAULTS.intensity) * light.intensity
  const nudgedElevation =
    elevation === undefined && dEl === 0 ? undefined : clampElevation((elevation ?? DEFAULTS.elevation) + dEl)

  return {
    lightSource: params.lightSource,
    ...(baseAzimuth !== undefined && (azimuthOverride !== undefined || dAz !== 0)
      ? { azimuth: wrapDegrees(baseAzimuth + dAz) }
      : {}),
    ...(nudgedElevation !== undefined ? { elevation: nudgedElevation } : {}),
    color: light.color,
    intensity,
    ...(light.fill ? { fill: light.fill } : {}),
    ...(light.softness !== undefined ? { softness: light.softness } : {}),
    ...optional('ambient', scaled(numberOption(opts, 'ambient'), light.fillStrength)),
    ...optional('specular', numberOption(opts, 'specular')),
    ...optional('rim', numberOption(opts, 'rim')),
    ...optional('shadow', numberOption(opts, 'shadow')),
    output: params.output,
    ...(mask ? { mask } : {})
  }
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number }
}

/** The ambient option times the words' fill strength, kept in range (no option: engine default, unscaled). */
function scaled(value: number | undefined, by: number | undefined): number | undefined {
  return value === undefined || by === undefined ? value : Math.min(1, value * by)
}

function clampElevation(v: number): number {
  return Math.min(90, Math.max(0, v))
}

function wrapDegrees(v: number): number {
  const w = ((((v + 180) % 360) + 360) % 360) - 180
  return w === -180 ? 180 : w
}

/**
 * The model catalog: one entry per model, read by the gateway (validation, defaults, provider mapping)
 * and by the UI (which controls to render, with which ranges). Adding a model is one entry here plus
 * one adapter in the gateway.
 */
import { PROVIDER_MODELS } from './models/index.js'
import { type LightSource, type MaskMode, MAX_VARIATIONS, type Output, type OutputFormat } from './options.js'
import { STUDIO_DEFAULTS } from './studio-defaults.js'

export type ProviderName = 'local' | 'fal' | 'replicate' | 'segmind'

/** A numeric parameter with its documented default and range. */
export interface NumberSpec {
  readonly kind: 'number' | 'integer'
  readonly label: string
  /** null: unset unless the request sets it (e.g. an override that is off by default). */
  readonly default: number | null
  readonly min: number
  readonly max: number
  readonly step?: number
  readonly description?: string
}

export interface EnumSpec {
  readonly kind: 'enum'
  readonly label: string
  readonly default: string
  readonly values: readonly string[]
  readonly description?: string
}

export interface BooleanSpec {
  readonly kind: 'boolean'
  readonly label: string
  readonly default: boolean
  readonly description?: string
}

export interface StringSpec {
  readonly kind: 'string'
  readonly label: string
  readonly default: string
  readonly maxLength: number
  readonly description?: string
}

/** An sRGB colour written `#rrggbb`, as a colour input gives it. */
export interface ColorSpec {
  readonly kind: 'color'
  readonly label: string
  /** null: unset unless the request sets it (the light's colour comes from elsewhere). */
  readonly default: null
  readonly description?: string
}

/** What a `color` option takes: `#rrggbb`, either case. */
export const HEX_COLOR = /^#[0-9a-f]{6}$/i

export type OptionSpec = NumberSpec | EnumSpec | BooleanSpec | StringSpec | ColorSpec

/** How the model wants its image sized: IC-Light works in multiples of 64 up to about 1024 px. */
export interface SizeSpec {
  readonly min: number
  readonly max: number
  readonly multiple: number
  /** The long side the gateway picks when the request names no size. */
  readonly defaultLongSide: number
  /** Whether a smaller layer is scaled up to the default long side (diffusion models want their size). */
  readonly upscale: boolean
}

export interface ModelEntry {
  readonly id: string
  readonly label: string
  readonly provider: ProviderName
  readonly description: string
  /** Environment variable holding this provider's key; absent for local models. */
  readonly keyEnv?: string
  readonly size: SizeSpec
  readonly maxImages: number
  readonly outputFormats: readonly OutputFormat[]
  readonly defaultOutputFormat: OutputFormat
  readonly maskModes: readonly MaskMode[]
  readonly outputs: readonly Output[]
  /** How each light source is spelled for the provider (e.g. "Left Light"); identity for local. */
  readonly lightSources: Readonly<Record<LightSource, string>>
  /** Common sampling parameters, when the model takes them. */
  readonly steps?: NumberSpec
  readonly guidance?: NumberSpec
  readonly seed?: { readonly default?: number }
  readonly negativePrompt?: { readonly default: string }
  /** Model-specific options, validated against these specs. */
  readonly options: Readonly<Record<string, OptionSpec>>
}

export const PROMPT_MAX_LENGTH = 2000

/**
 * The result formats the plugin can place: `figma.createImage` takes PNG, JPEG or GIF only ("Invalid images
 * will throw an error", plugin-api.d.ts), so WebP, the default of some providers, is never asked for.
 */
export const PLACEABLE_FORMATS: readonly OutputFormat[] = ['png', 'jpeg']

const STUDIO: ModelEntry = {
  id: 'local/studio',
  label: 'Studio (built in)',
  provider: 'local',
  description: 'Relights on the gateway itself in milliseconds: no key, no network, same result every time.',
  size: { min: 1, max: 4096, multiple: 1, defaultLongSide: 1024, upscale: false },
  maxImages: MAX_VARIATIONS,
  outputFormats: ['png', 'jpeg', 'webp'],
  defaultOutputFormat: 'png',
  maskModes: ['alpha', 'image', 'auto', 'none'],
  outputs: ['scene', 'cutout'],
  lightSources: { none: 'none', left: 'left', right: 'right', top: 'top', bottom: 'bottom' },
  seed: { default: 0 },
  options: {
    intensity: {
      kind: 'number',
      label: 'Intensity',
      default: STUDIO_DEFAULTS.intensity,
      min: 0,
      max: 2,
      step: 0.05,
      description: 'Strength of the key light; color words in the prompt scale it further.'
    },
    ambient: {
      kind: 'number',
      label: 'Ambient',
      default: STUDIO_DEFAULTS.ambient,
      min: 0,
      max: 1,
      step: 0.05,
      description: 'Light that reaches the side facing away from the light.'
    },
    specular: {
      kind: 'number',
      label: 'Specular',
      default: STUDIO_DEFAULTS.specular,
      min: 0,
      max: 1,
      step: 0.05,
      description: 'Strength of the glossy highlight.'
    },
    rim: {
      kind: 'number',
      label: 'Rim',
      default: STUDIO_DEFAULTS.rim,
      min: 0,
      max: 1,
      step: 0.05,
      description: 'Light along the edges that face the light.'
    },
    shadow: {
      kind: 'number',
      label: 'Shadow',
      default: STUDIO_DEFAULTS.shadow,
      min: 0,
      max: 1,
      step: 0.05,
      description: 'Contact shadow on the background (scene output).'
    },
    azimuth: {
      kind: 'number',
      label: 'Azimuth',
      default: null,
      min: -180,
      max: 180,
      step: 1,
      description:
        'Overrides the light source: degrees around the subject, 0 = from the right, 90 = from the top.'
    },
    elevation: {
      kind: 'number',
      label: 'Elevation',
      default: STUDIO_DEFAULTS.elevation,
      min: 0,
      max: 90,
      step: 1,
      description: 'Height of the light above the image plane in degrees; 90 = straight on.'
    },
    strength: {
      kind: 'number',
      label: 'Strength',
      default: STUDIO_DEFAULTS.strength,
      min: 0,
      max: 1,
      step: 0.05,
      description:
        'How much of the new light replaces the light in the image: 0 keeps the image, 1 relights fully.'
    },
    temperature: {
      kind: 'number',
      label: 'Temperature',
      default: STUDIO_DEFAULTS.temperature,
      min: -1,
      max: 1,
      step: 0.05,
      description:
        'Colour of the light: -1 warm (candle), 0 neutral, 1 cool (shade), on top of the prompt colour words.'
    },
    lightColor: {
      kind: 'color',
      label: 'Light colour',
      default: null,
      description:
        "The key light's colour as #rrggbb, in place of the prompt's colour words (or, matching a " +
        "background, the scene's); the temperature still shifts it."
    }
  }
}

export const MODELS: readonly ModelEntry[] = [STUDIO, ...PROVIDER_MODELS]

export const DEFAULT_MODEL_ID = STUDIO.id

export function findModel(id: string): ModelEntry | undefined {
  return MODELS.find((model) => model.id === id)
}

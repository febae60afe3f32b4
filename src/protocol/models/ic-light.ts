/** Values shared by the IC-Light-based catalog entries (lllyasviel/IC-Light's demo defaults). */
import type { ModelEntry, NumberSpec, SizeSpec, StringSpec } from '../catalog.js'
import type { LightSource } from '../options.js'

/** IC-Light's "lighting preference", as Replicate's and Segmind's cog wrappers spell it. */
export const IC_LIGHT_SOURCE_NAMES: Readonly<Record<LightSource, string>> = {
  none: 'None',
  left: 'Left Light',
  right: 'Right Light',
  top: 'Top Light',
  bottom: 'Bottom Light'
}

/** For models lit by the Studio engine first (the init image carries the light): our own names. */
export const STUDIO_LIT_SOURCES: Readonly<Record<LightSource, string>> = {
  none: 'none',
  left: 'left',
  right: 'right',
  top: 'top',
  bottom: 'bottom'
}

export const IC_LIGHT_NEGATIVE_PROMPT = 'lowres, bad anatomy, bad hands, cropped, worst quality'

/** 256–1024 px in steps of 64: IC-Light's trained range; other aspect ratios are center-cropped. */
export function icLightSize(defaultLongSide: number): SizeSpec {
  return { min: 256, max: 1024, multiple: 64, defaultLongSide, upscale: true }
}

export const APPENDED_PROMPT: StringSpec = {
  kind: 'string',
  label: 'Appended prompt',
  default: 'best quality',
  maxLength: 500,
  description: 'Added after the prompt to steer quality.'
}

export const HIGHRES_SCALE: NumberSpec = {
  kind: 'number',
  label: 'High-res scale',
  default: 1.5,
  min: 1,
  max: 3,
  step: 0.1,
  description: 'The second pass renders at this multiple of the working size.'
}

export const HIGHRES_DENOISE: NumberSpec = {
  kind: 'number',
  label: 'High-res denoise',
  default: 0.5,
  min: 0.1,
  max: 1,
  step: 0.05,
  description: 'How much the second pass may change: lower keeps the first pass, higher adds detail.'
}

export const LOWRES_DENOISE: NumberSpec = {
  kind: 'number',
  label: 'Low-res denoise',
  default: 0.9,
  min: 0.1,
  max: 1,
  step: 0.05,
  description: 'How far the first pass moves away from the light gradient: lower follows it more closely.'
}

export function outputQuality(defaultValue: number): NumberSpec {
  return {
    kind: 'integer',
    label: 'Output quality',
    default: defaultValue,
    min: 0,
    max: 100,
    step: 1,
    description: 'Compression quality for WebP and JPEG results; 100 = best.'
  }
}

/** What differs between the hosted copies of the same IC-Light cog (Replicate's and Segmind's). */
export type CogHosting = Pick<
  ModelEntry,
  'id' | 'label' | 'provider' | 'description' | 'keyEnv' | 'size' | 'steps'
>

/**
 * Replicate and Segmind host the same IC-Light cog, so they share its fields, formats and defaults; only
 * where it runs, its default size and steps, and the output quality differ.
 */
export function icLightCog(hosting: CogHosting, quality: number): ModelEntry {
  return {
    ...hosting,
    maxImages: 12,
    outputFormats: ['webp', 'jpeg', 'png'],
    // The cog's own default is WebP, which figma.createImage refuses: PNG unless asked otherwise.
    defaultOutputFormat: 'png',
    maskModes: ['alpha', 'none'],
    outputs: ['scene', 'cutout'],
    lightSources: IC_LIGHT_SOURCE_NAMES,
    guidance: { kind: 'number', label: 'Guidance (CFG)', default: 2, min: 1, max: 32, step: 0.5 },
    seed: {},
    negativePrompt: { default: IC_LIGHT_NEGATIVE_PROMPT },
    options: {
      appendedPrompt: APPENDED_PROMPT,
      highresScale: HIGHRES_SCALE,
      highresDenoise: HIGHRES_DENOISE,
      lowresDenoise: LOWRES_DENOISE,
      outputQuality: outputQuality(quality)
    }
  }
}

/** Replicate's fater-ai/icl-glob-v1 (IC-Light FC behind a cog); documented fields in docs/providers.md. */
import type { ModelEntry } from '../catalog.js'
import {
  APPENDED_PROMPT,
  HIGHRES_DENOISE,
  HIGHRES_SCALE,
  IC_LIGHT_NEGATIVE_PROMPT,
  IC_LIGHT_SOURCE_NAMES,
  icLightSize,
  LOWRES_DENOISE,
  outputQuality
} from './ic-light.js'

export const REPLICATE_ICL_GLOB_V1: ModelEntry = {
  id: 'replicate/icl-glob-v1',
  label: 'IC-Light (Replicate)',
  provider: 'replicate',
  description:
    'IC-Light on Replicate: relights the subject from the chosen side with a new background; up to 12 variations.',
  keyEnv: 'REPLICATE_API_TOKEN',
  size: icLightSize(1024),
  maxImages: 12,
  outputFormats: ['webp', 'jpeg', 'png'],
  // The provider's own default is WebP, which figma.createImage refuses: PNG unless asked otherwise.
  defaultOutputFormat: 'png',
  maskModes: ['alpha', 'none'],
  outputs: ['scene', 'cutout'],
  lightSources: IC_LIGHT_SOURCE_NAMES,
  steps: { kind: 'integer', label: 'Steps', default: 30, min: 1, max: 100, step: 1 },
  guidance: { kind: 'number', label: 'Guidance (CFG)', default: 2, min: 1, max: 32, step: 0.5 },
  seed: {},
  negativePrompt: { default: IC_LIGHT_NEGATIVE_PROMPT },
  options: {
    appendedPrompt: APPENDED_PROMPT,
    highresScale: HIGHRES_SCALE,
    highresDenoise: HIGHRES_DENOISE,
    lowresDenoise: LOWRES_DENOISE,
    outputQuality: outputQuality(100)
  }
}

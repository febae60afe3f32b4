/** Segmind's ic-light (synchronous, answers with image bytes); documented fields in docs/providers.md. */
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

export const SEGMIND_IC_LIGHT: ModelEntry = {
  id: 'segmind/ic-light',
  label: 'IC-Light (Segmind)',
  provider: 'segmind',
  description:
    'IC-Light on Segmind: relights the subject from the chosen side with a new background, in one call.',
  keyEnv: 'SEGMIND_API_KEY',
  // Segmind's width/height are enums 256–1024 in steps of 64; its documented default is 512×640.
  size: icLightSize(640),
  maxImages: 12,
  outputFormats: ['webp', 'jpeg', 'png'],
  // The provider's own default is WebP, which figma.createImage refuses: PNG unless asked otherwise.
  defaultOutputFormat: 'png',
  maskModes: ['alpha', 'none'],
  outputs: ['scene', 'cutout'],
  lightSources: IC_LIGHT_SOURCE_NAMES,
  steps: { kind: 'integer', label: 'Steps', default: 25, min: 1, max: 100, step: 1 },
  guidance: { kind: 'number', label: 'Guidance (CFG)', default: 2, min: 1, max: 32, step: 0.5 },
  // Segmind's example sends 42; omitting the seed randomizes, which is what "another variation" wants.
  seed: {},
  negativePrompt: { default: IC_LIGHT_NEGATIVE_PROMPT },
  options: {
    appendedPrompt: APPENDED_PROMPT,
    highresScale: HIGHRES_SCALE,
    highresDenoise: HIGHRES_DENOISE,
    lowresDenoise: LOWRES_DENOISE,
    outputQuality: outputQuality(80)
  }
}

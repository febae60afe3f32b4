/** fal.ai's three relighting routes; their documented fields and defaults are in docs/providers.md. */
import type { ModelEntry } from '../catalog.js'
import { MAX_VARIATIONS } from '../options.js'
import { icLightSize, STUDIO_LIT_SOURCES } from './ic-light.js'

export const LORA_SCHEDULERS = [
  'DPM++ 2M',
  'DPM++ 2M Karras',
  'DPM++ 2M SDE',
  'DPM++ 2M SDE Karras',
  'Euler',
  'Euler A',
  'Euler (trailing timesteps)',
  'LCM',
  'LCM (trailing timesteps)',
  'DDIM',
  'TCD'
] as const

const UNIT = { kind: 'number', min: 0.1, max: 1, step: 0.01 } as const

export const FAL_ICLIGHT_V2: ModelEntry = {
  id: 'fal/iclight-v2',
  label: 'IC-Light v2 (fal.ai)',
  provider: 'fal',
  description: 'IC-Light v2 on fal.ai: relights the subject from the chosen side; takes the layer mask.',
  keyEnv: 'FAL_KEY',
  size: icLightSize(1024),
  maxImages: MAX_VARIATIONS,
  // fal answers JPEG or PNG; the gateway converts to what was asked.
  outputFormats: ['jpeg', 'png', 'webp'],
  defaultOutputFormat: 'jpeg',
  maskModes: ['alpha', 'image', 'auto', 'none'],
  outputs: ['scene', 'cutout'],
  lightSources: { none: 'None', left: 'Left', right: 'Right', top: 'Top', bottom: 'Bottom' },
  steps: { kind: 'integer', label: 'Steps', default: 28, min: 1, max: 50, step: 1 },
  guidance: { kind: 'number', label: 'Guidance', default: 5, min: 0, max: 20, step: 0.5 },
  seed: {},
  negativePrompt: { default: '' },
  options: {
    cfg: {
      kind: 'number',
      label: 'True CFG',
      default: 1,
      min: 1,
      max: 10,
      step: 0.1,
      description: 'Real classifier-free guidance; above 1 follows the negative prompt but runs slower.'
    },
    lowresDenoise: {
      ...UNIT,
      label: 'Low-res denoise',
      default: 0.98,
      description: 'Strength of the first pass: lower keeps more of the light gradient.'
    },
    hrFix: {
      kind: 'boolean',
      label: 'High-res fix',
      default: false,
      description: 'A second, sharper pass at full size.'
    },
    highresDenoise: {
      ...UNIT,
      label: 'High-res denoise',
      default: 0.95,
      description: 'Strength of the high-res pass (with high-res fix only).'
    },
    hrDownscale: {
      ...UNIT,
      label: 'High-res downscale',
      default: 0.5,
      description: 'Size of the first pass relative to the output (with high-res fix only).'
    }
  }
}

export const FAL_LCM_SD15_I2I: ModelEntry = {
  id: 'fal/lcm-sd15-i2i',
  label: 'Studio + LCM refine (fal.ai)',
  provider: 'fal',
  description:
    'Lights the layer with the built-in Studio engine, then lets a fast 4-step diffusion pass make it photographic.',
  keyEnv: 'FAL_KEY',
  size: icLightSize(768),
  maxImages: MAX_VARIATIONS,
  // fal answers JPEG only; the gateway converts to what was asked.
  outputFormats: ['jpeg', 'png', 'webp'],
  defaultOutputFormat: 'jpeg',
  maskModes: ['alpha', 'image', 'none'],
  outputs: ['scene', 'cutout'],
  lightSources: STUDIO_LIT_SOURCES,
  steps: { kind: 'integer', label: 'Steps', default: 4, min: 1, max: 12, step: 1 },
  guidance: { kind: 'number', label: 'Guidance', default: 1, min: 0, max: 8, step: 0.1 },
  seed: {},
  negativePrompt: { default: '' },
  options: {
    strength: {
      ...UNIT,
      label: 'Strength',
      default: 0.8,
      description: 'How much the diffusion pass may change the Studio-lit image: lower keeps it closer.'
    }
  }
}

export const FAL_LORA_I2I: ModelEntry = {
  id: 'fal/lora-image-to-image',
  label: 'IC-Light SD1.5 + LoRAs (fal.ai)',
  provider: 'fal',
  description:
    'IC-Light weights on a Stable Diffusion 1.5 base (admin-configured), starting from the Studio-lit layer.',
  keyEnv: 'FAL_KEY',
  size: icLightSize(768),
  maxImages: MAX_VARIATIONS,
  outputFormats: ['png', 'jpeg', 'webp'],
  defaultOutputFormat: 'png',
  maskModes: ['alpha', 'image', 'none'],
  outputs: ['scene', 'cutout'],
  lightSources: STUDIO_LIT_SOURCES,
  steps: { kind: 'integer', label: 'Steps', default: 30, min: 1, max: 150, step: 1 },
  guidance: { kind: 'number', label: 'Guidance', default: 7.5, min: 0, max: 20, step: 0.5 },
  seed: {},
  negativePrompt: { default: '' },
  options: {
    noiseStrength: {
      kind: 'number',
      label: 'Noise strength',
      default: 0.5,
      min: 0,
      max: 1,
      step: 0.01,
      description: 'How much noise goes onto the Studio-lit start image: 1 ignores it, 0 keeps it.'
    },
    scheduler: {
      kind: 'enum',
      label: 'Sampler',
      // IC-Light's own sampler; fal documents no default.
      default: 'DPM++ 2M SDE Karras',
      values: LORA_SCHEDULERS
    }
  }
}

export const FAL_MODELS: readonly ModelEntry[] = [FAL_ICLIGHT_V2, FAL_LCM_SD15_I2I, FAL_LORA_I2I]

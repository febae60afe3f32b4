import { describe, expect, it } from 'vitest'

import { mapIclightInput } from '../../src/gateway/providers/fal/map-iclight.js'
import { mapLcmInput } from '../../src/gateway/providers/fal/map-lcm.js'
import { DEFAULT_LORA_SETTINGS, mapLoraInput } from '../../src/gateway/providers/fal/map-lora.js'
import { LIGHT_SOURCES } from '../../src/protocol/options.js'
import { IMAGE_URI, INIT_URI, MASK_URI, relightInput } from './helpers.js'

const FAL_LATENTS = { none: 'None', left: 'Left', right: 'Right', top: 'Top', bottom: 'Bottom' } as const

describe('fal/iclight-v2 mapping', () => {
  it('sends every documented field with the catalog defaults', () => {
    const body = mapIclightInput(
      relightInput({ model: 'fal/iclight-v2', lightSource: 'left' }, { mask: MASK_URI })
    )
    expect(body).toEqual({
      prompt: 'warm sunset',
      negative_prompt: '',
      image_url: IMAGE_URI,
      mask_image_url: MASK_URI,
      image_size: { width: 512, height: 640 },
      num_inference_steps: 28,
      seed: 7,
      initial_latent: 'Left',
      enable_hr_fix: false,
      num_images: 1,
      cfg: 1,
      lowres_denoise: 0.98,
      highres_denoise: 0.95,
      hr_downscale: 0.5,
      guidance_scale: 5,
      enable_safety_checker: true,
      output_format: 'jpeg'
    })
  })

  it.each(LIGHT_SOURCES)('spells light source %s as fal initial_latent', (lightSource) => {
    const body = mapIclightInput(relightInput({ model: 'fal/iclight-v2', lightSource }))
    expect(body.initial_latent).toBe(FAL_LATENTS[lightSource])
  })

  it('maps explicit choices and options, png output, and leaves the mask out for maskMode auto', () => {
    const body = mapIclightInput(
      relightInput(
        {
          model: 'fal/iclight-v2',
          negativePrompt: 'blurry',
          steps: 40,
          guidance: 3.5,
          numImages: 3,
          outputFormat: 'png',
          maskMode: 'auto',
          options: { hrFix: true, cfg: 2, lowresDenoise: 0.8, highresDenoise: 0.6, hrDownscale: 0.7 }
        },
        { mask: MASK_URI }
      )
    )
    expect(body).toMatchObject({
      negative_prompt: 'blurry',
      num_inference_steps: 40,
      guidance_scale: 3.5,
      num_images: 3,
      output_format: 'png',
      enable_hr_fix: true,
      cfg: 2,
      lowres_denoise: 0.8,
      highres_denoise: 0.6,
      hr_downscale: 0.7
    })
    expect('mask_image_url' in body).toBe(false)
  })
})

describe('fal formats', () => {
  it('asks fal for the format it can give: PNG for PNG and WebP (converted losslessly), JPEG for JPEG', () => {
    const format = (outputFormat: string) =>
      mapIclightInput(relightInput({ model: 'fal/iclight-v2', outputFormat })).output_format
    expect([format('png'), format('webp'), format('jpeg')]).toEqual(['png', 'png', 'jpeg'])
  })
})

describe('fal/lcm-sd15-i2i mapping', () => {
  it('refines the Studio-lit init image at strength with the documented defaults', () => {
    const body = mapLcmInput(
      relightInput({ model: 'fal/lcm-sd15-i2i', lightSource: 'top' }, { init: INIT_URI })
    )
    expect(body).toEqual({
      prompt: 'warm sunset',
      image_url: INIT_URI,
      strength: 0.8,
      negative_prompt: '',
      seed: 7,
      guidance_scale: 1,
      num_inference_steps: 4,
      num_images: 1,
      enable_safety_checks: true
    })
  })

  it('needs the init image', () => {
    expect(() => mapLcmInput(relightInput({ model: 'fal/lcm-sd15-i2i' }))).toThrow(/init image/)
  })
})

describe('fal/lora-image-to-image mapping', () => {
  it('sets IC-Light up from the admin settings: base model, weights, subject and lit init image', () => {
    const body = mapLoraInput(
      relightInput(
        { model: 'fal/lora-image-to-image', outputFormat: 'jpeg', options: { noiseStrength: 0.7 } },
        { init: INIT_URI }
      )
    )
    expect(body).toEqual({
      model_name: DEFAULT_LORA_SETTINGS.modelName,
      prompt: 'warm sunset',
      negative_prompt: '',
      image_url: INIT_URI,
      noise_strength: 0.7,
      loras: [],
      ic_light_model_url: DEFAULT_LORA_SETTINGS.icLightModelUrl,
      ic_light_image_url: IMAGE_URI,
      seed: 7,
      num_inference_steps: 30,
      guidance_scale: 7.5,
      scheduler: 'DPM++ 2M SDE Karras',
      image_format: 'jpeg',
      num_images: 1,
      enable_safety_checker: true
    })
  })

  it('uses what the admin configured', () => {
    const settings = {
      modelName: 'https://example.com/base.safetensors',
      icLightModelUrl: 'https://example.com/fc.safetensors',
      loras: [{ path: 'https://example.com/l.safetensors', scale: 0.6 }]
    }
    const body = mapLoraInput(
      relightInput(
        { model: 'fal/lora-image-to-image', options: { scheduler: 'Euler A' } },
        { init: INIT_URI }
      ),
      settings
    )
    expect(body).toMatchObject({
      model_name: settings.modelName,
      ic_light_model_url: settings.icLightModelUrl,
      loras: [{ path: 'https://example.com/l.safetensors', scale: 0.6 }],
      scheduler: 'Euler A',
      image_format: 'png'
    })
  })
})

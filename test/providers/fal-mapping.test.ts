import { describe, expect, it } from 'vitest'

import { mapIclightInput } from '../../src/gateway/providers/fal/map-iclight.js'
import { mapLcmInput } from '../../src/gateway/providers/fal/map-lcm.js'
import { DEFAULT_LORA_SETTINGS, mapLoraInput } from '../../src/gateway/providers/fal/map-lora.js'
import { LIGHT_SOURCES, OUTPUT_FORMATS } from '../../src/protocol/options.js'
import { IMAGE_URI, INIT_URI, MASK_URI, relightInput } from './helpers.js'
import { defaultRequestBody, docSpellings, expectDocumentedBody } from './provider-docs.js'

const ICLIGHT = 'fal-ai/iclight-v2'
const LCM = 'fal-ai/lcm-sd15-i2i'
const LORA = 'fal-ai/lora/image-to-image'

describe('fal/iclight-v2 mapping', () => {
  it('sends only documented fields, with the documented defaults (docs/providers.md)', () => {
    const body = mapIclightInput(relightInput({ model: 'fal/iclight-v2' }, { mask: MASK_URI }))
    expectDocumentedBody(ICLIGHT, body)
    expect(body).toMatchObject(defaultRequestBody(ICLIGHT))
    expect(body).toMatchObject({
      prompt: 'warm sunset',
      image_url: IMAGE_URI,
      mask_image_url: MASK_URI,
      image_size: { width: 512, height: 640 },
      seed: 7,
      enable_hr_fix: false
    })
  })

  it.each(LIGHT_SOURCES)(
    'spells light source %s as fal initial_latent (docs/providers.md)',
    (lightSource) => {
      const body = mapIclightInput(relightInput({ model: 'fal/iclight-v2', lightSource }))
      expect(body.initial_latent).toBe(docSpellings('light-sources', ICLIGHT)[lightSource])
      expectDocumentedBody(ICLIGHT, body)
    }
  )

  it.each(OUTPUT_FORMATS.filter((format) => format !== 'webp'))(
    'spells output format %s as fal output_format (docs/providers.md)',
    (outputFormat) => {
      const body = mapIclightInput(relightInput({ model: 'fal/iclight-v2', outputFormat }))
      expect(body.output_format).toBe(docSpellings('output-formats', ICLIGHT)[outputFormat])
    }
  )

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
    expectDocumentedBody(ICLIGHT, body)
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
  it('refines the Studio-lit init image at strength with the documented defaults (docs/providers.md)', () => {
    const body = mapLcmInput(
      relightInput({ model: 'fal/lcm-sd15-i2i', lightSource: 'top' }, { init: INIT_URI })
    )
    expectDocumentedBody(LCM, body)
    expect(body).toEqual({ ...defaultRequestBody(LCM), prompt: 'warm sunset', image_url: INIT_URI, seed: 7 })
  })

  it('needs the init image', () => {
    expect(() => mapLcmInput(relightInput({ model: 'fal/lcm-sd15-i2i' }))).toThrow(/init image/)
  })
})

describe('fal/lora-image-to-image mapping', () => {
  it('sets IC-Light up from the admin settings: base model, weights, subject and lit init image', () => {
    const body = mapLoraInput(relightInput({ model: 'fal/lora-image-to-image' }, { init: INIT_URI }))
    expectDocumentedBody(LORA, body)
    expect(body).toEqual({
      ...defaultRequestBody(LORA),
      model_name: DEFAULT_LORA_SETTINGS.modelName,
      prompt: 'warm sunset',
      image_url: INIT_URI,
      loras: [],
      ic_light_model_url: DEFAULT_LORA_SETTINGS.icLightModelUrl,
      ic_light_image_url: IMAGE_URI,
      seed: 7,
      scheduler: 'DPM++ 2M SDE Karras'
    })
  })

  it.each(['png', 'jpeg'] as const)(
    'spells output format %s as fal image_format (docs/providers.md)',
    (outputFormat) => {
      const body = mapLoraInput(
        relightInput({ model: 'fal/lora-image-to-image', outputFormat }, { init: INIT_URI })
      )
      expect(body.image_format).toBe(docSpellings('output-formats', LORA)[outputFormat])
    }
  )

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
    expectDocumentedBody(LORA, body)
    expect(body).toMatchObject({
      model_name: settings.modelName,
      ic_light_model_url: settings.icLightModelUrl,
      loras: [{ path: 'https://example.com/l.safetensors', scale: 0.6 }],
      scheduler: 'Euler A',
      image_format: 'png'
    })
  })
})

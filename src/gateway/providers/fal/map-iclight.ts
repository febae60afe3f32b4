/** Our request → fal-ai/iclight-v2 input (fields in docs/providers.md). Pure. */
import { FAL_ICLIGHT_V2 } from '../../../protocol/models/fal.js'
import { booleanOption, numberOption, type RelightInput, sampling } from '../relight-input.js'

export const FAL_ICLIGHT_APP = 'fal-ai/iclight-v2'

export interface FalIclightInput {
  readonly prompt: string
  readonly negative_prompt: string
  readonly image_url: string
  readonly mask_image_url?: string
  readonly image_size: { readonly width: number; readonly height: number }
  readonly num_inference_steps: number
  readonly seed: number
  readonly initial_latent: string
  readonly enable_hr_fix: boolean
  readonly num_images: number
  readonly cfg: number
  readonly lowres_denoise: number
  readonly highres_denoise: number
  readonly hr_downscale: number
  readonly guidance_scale: number
  readonly enable_safety_checker: true
  readonly output_format: 'jpeg' | 'png'
}

export function mapIclightInput(input: RelightInput): FalIclightInput {
  const { params, size, images } = input
  const model = FAL_ICLIGHT_V2
  return {
    prompt: params.prompt,
    negative_prompt: params.negativePrompt,
    image_url: images.image,
    // maskMode "auto" sends no mask: fal then separates the subject itself.
    ...(images.mask && params.maskMode !== 'auto' ? { mask_image_url: images.mask } : {}),
    image_size: { width: size.width, height: size.height },
    num_inference_steps: sampling(params.steps, model.steps),
    seed: input.seed,
    initial_latent: model.lightSources[params.lightSource],
    enable_hr_fix: booleanOption(params, model, 'hrFix'),
    num_images: params.numImages,
    cfg: numberOption(params, model, 'cfg'),
    lowres_denoise: numberOption(params, model, 'lowresDenoise'),
    highres_denoise: numberOption(params, model, 'highresDenoise'),
    hr_downscale: numberOption(params, model, 'hrDownscale'),
    guidance_scale: sampling(params.guidance, model.guidance),
    enable_safety_checker: true,
    // WebP is converted by the gateway, from a lossless PNG.
    output_format: params.outputFormat === 'jpeg' ? 'jpeg' : 'png'
  }
}

/**
 * Our request → fal-ai/lcm-sd15-i2i input (fields in docs/providers.md). The light comes from the
 * Studio-lit init image the caller supplies; LCM refines it at `strength`. Pure.
 */
import { FAL_LCM_SD15_I2I } from '../../../protocol/models/fal.js'
import { numberOption, type RelightInput, sampling } from '../relight-input.js'

export const FAL_LCM_APP = 'fal-ai/lcm-sd15-i2i'

export interface FalLcmInput {
  readonly prompt: string
  readonly image_url: string
  readonly strength: number
  readonly negative_prompt: string
  readonly seed: number
  readonly guidance_scale: number
  readonly num_inference_steps: number
  readonly num_images: number
  readonly enable_safety_checks: true
}

export function mapLcmInput(input: RelightInput): FalLcmInput {
  const { params, images } = input
  const model = FAL_LCM_SD15_I2I
  if (!images.init) throw new Error('fal/lcm-sd15-i2i needs the Studio-lit init image')
  return {
    prompt: params.prompt,
    image_url: images.init,
    strength: numberOption(params, model, 'strength'),
    negative_prompt: params.negativePrompt,
    seed: input.seed,
    guidance_scale: sampling(params.guidance, model.guidance),
    num_inference_steps: sampling(params.steps, model.steps),
    num_images: params.numImages,
    enable_safety_checks: true
  }
}

/**
 * Our request → fal-ai/lora/image-to-image input (fields in docs/providers.md) set up as IC-Light:
 * an SD1.5 base (IC-Light's is Realistic Vision 5.1), the IC-Light FC weights as `ic_light_model_url`,
 * the subject (on gray 127) as `ic_light_image_url`, and the Studio-lit image as the start `image_url`.
 * With a background: the background-conditioned (FBC) weights instead, the background behind the subject as
 * `ic_light_model_background_image_url`, and the Studio-matched composite as the start image.
 * The base model, weights and LoRAs are the admin's choice (`FalLoraSettings`). Pure.
 */
import { FAL_LORA_I2I } from '../../../protocol/models/fal.js'
import { numberOption, type RelightInput, sampling, stringOption } from '../relight-input.js'

export const FAL_LORA_APP = 'fal-ai/lora/image-to-image'

export interface FalLoraSettings {
  /** URL or Hugging Face id of the SD1.5 base model. */
  readonly modelName: string
  /** URL of the IC-Light FC weights. */
  readonly icLightModelUrl: string
  readonly loras: readonly { readonly path: string; readonly scale: number }[]
  /**
   * URL of IC-Light's background-conditioned (FBC) weights. Set, the model takes a background: those weights
   * replace the FC ones for a request that sends one. Unset, the model takes no background.
   */
  readonly backgroundWeightsUrl?: string
}

export const DEFAULT_LORA_SETTINGS: FalLoraSettings = {
  modelName: 'SG161222/Realistic_Vision_V5.1_noVAE',
  icLightModelUrl: 'https://huggingface.co/lllyasviel/ic-light/resolve/main/iclight_sd15_fc.safetensors',
  loras: []
}

export interface FalLoraInput {
  readonly model_name: string
  readonly prompt: string
  readonly negative_prompt: string
  readonly image_url: string
  readonly noise_strength: number
  readonly loras: readonly { readonly path: string; readonly scale: number }[]
  readonly ic_light_model_url: string
  readonly ic_light_image_url: string
  readonly ic_light_model_background_image_url?: string
  readonly seed: number
  readonly num_inference_steps: number
  readonly guidance_scale: number
  readonly scheduler: string
  readonly image_format: 'jpeg' | 'png'
  readonly num_images: number
  readonly enable_safety_checker: true
}

export function mapLoraInput(
  input: RelightInput,
  settings: FalLoraSettings = DEFAULT_LORA_SETTINGS
): FalLoraInput {
  const { params, images } = input
  const model = FAL_LORA_I2I
  if (!images.init) throw new Error('fal/lora-image-to-image needs the Studio-lit init image')
  const background = images.background
  if (background && !settings.backgroundWeightsUrl) {
    throw new Error('fal/lora-image-to-image takes a background only with the background-conditioned weights')
  }
  return {
    model_name: settings.modelName,
    prompt: params.prompt,
    negative_prompt: params.negativePrompt,
    image_url: images.init,
    noise_strength: numberOption(params, model, 'noiseStrength'),
    loras: settings.loras.map((lora) => ({ path: lora.path, scale: lora.scale })),
    ic_light_model_url: background ? settings.backgroundWeightsUrl! : settings.icLightModelUrl,
    ic_light_image_url: images.image,
    ...(background ? { ic_light_model_background_image_url: background } : {}),
    seed: input.seed,
    num_inference_steps: sampling(params.steps, model.steps),
    guidance_scale: sampling(params.guidance, model.guidance),
    scheduler: stringOption(params, model, 'scheduler'),
    image_format: params.outputFormat === 'jpeg' ? 'jpeg' : 'png',
    num_images: params.numImages,
    enable_safety_checker: true
  }
}

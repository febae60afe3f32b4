/** Our request → fater-ai/icl-glob-v1 input (fields in docs/providers.md). Pure. */
import { REPLICATE_ICL_GLOB_V1 } from '../../../protocol/models/replicate.js'
import type { OutputFormat } from '../../../protocol/options.js'
import { numberOption, type RelightInput, sampling, stringOption } from '../relight-input.js'

export const REPLICATE_ICL_GLOB_MODEL = 'fater-ai/icl-glob-v1'

/** Replicate's cog spells JPEG "jpg". */
export const REPLICATE_FORMATS: Readonly<Record<OutputFormat, 'webp' | 'jpg' | 'png'>> = {
  webp: 'webp',
  jpeg: 'jpg',
  png: 'png'
}

export interface IclGlobInput {
  readonly image: string
  readonly prompt: string
  readonly appended_prompt: string
  readonly negative_prompt: string
  readonly width: number
  readonly height: number
  readonly steps: number
  readonly cfg: number
  readonly highres_scale: number
  readonly highres_denoise: number
  readonly lowres_denoise: number
  readonly light_source: string
  readonly seed: number
  readonly number_of_images: number
  readonly output_format: 'webp' | 'jpg' | 'png'
  readonly output_quality: number
}

export function mapIclGlobInput(input: RelightInput): IclGlobInput {
  const { params, size, images } = input
  const model = REPLICATE_ICL_GLOB_V1
  return {
    image: images.image,
    prompt: params.prompt,
    appended_prompt: stringOption(params, model, 'appendedPrompt'),
    negative_prompt: params.negativePrompt,
    width: size.width,
    height: size.height,
    steps: sampling(params.steps, model.steps),
    cfg: sampling(params.guidance, model.guidance),
    highres_scale: numberOption(params, model, 'highresScale'),
    highres_denoise: numberOption(params, model, 'highresDenoise'),
    lowres_denoise: numberOption(params, model, 'lowresDenoise'),
    light_source: model.lightSources[params.lightSource],
    seed: input.seed,
    number_of_images: params.numImages,
    output_format: REPLICATE_FORMATS[params.outputFormat],
    output_quality: numberOption(params, model, 'outputQuality')
  }
}

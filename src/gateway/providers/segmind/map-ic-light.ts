/**
 * Our request → Segmind `POST /v1/ic-light` body (fields in docs/providers.md). The subject goes as plain
 * base64 (Segmind's examples convert images to base64 without a data: prefix). The synchronous API
 * answers with one image's bytes, so each call asks for one image. Pure.
 */
import { SEGMIND_IC_LIGHT } from '../../../protocol/models/segmind.js'
import type { OutputFormat } from '../../../protocol/options.js'
import { numberOption, type RelightInput, sampling, stringOption } from '../relight-input.js'

/** Segmind runs the same cog as Replicate's IC-Light wrappers; inferred spelling "jpg" for JPEG. */
export const SEGMIND_FORMATS: Readonly<Record<OutputFormat, 'webp' | 'jpg' | 'png'>> = {
  webp: 'webp',
  jpeg: 'jpg',
  png: 'png'
}

export interface SegmindIcLightInput {
  readonly prompt: string
  readonly subject_image: string
  readonly cfg: number
  readonly seed: number
  readonly steps: number
  readonly width: number
  readonly height: number
  readonly light_source: string
  readonly highres_scale: number
  readonly highres_denoise: number
  readonly lowres_denoise: number
  readonly output_format: 'webp' | 'jpg' | 'png'
  readonly output_quality: number
  readonly appended_prompt: string
  readonly negative_prompt: string
  readonly number_of_images: 1
}

/** Strips a data URI down to its base64 payload. */
export function base64Of(image: string): string {
  const comma = image.indexOf(',')
  return image.startsWith('data:') && comma >= 0 ? image.slice(comma + 1) : image
}

export function mapSegmindInput(input: RelightInput): SegmindIcLightInput {
  const { params, size, images } = input
  const model = SEGMIND_IC_LIGHT
  return {
    prompt: params.prompt,
    subject_image: base64Of(images.image),
    cfg: sampling(params.guidance, model.guidance),
    seed: input.seed,
    steps: sampling(params.steps, model.steps),
    width: size.width,
    height: size.height,
    light_source: model.lightSources[params.lightSource],
    highres_scale: numberOption(params, model, 'highresScale'),
    highres_denoise: numberOption(params, model, 'highresDenoise'),
    lowres_denoise: numberOption(params, model, 'lowresDenoise'),
    output_format: SEGMIND_FORMATS[params.outputFormat],
    output_quality: numberOption(params, model, 'outputQuality'),
    appended_prompt: stringOption(params, model, 'appendedPrompt'),
    negative_prompt: params.negativePrompt,
    number_of_images: 1
  }
}

/**
 * Images in and out of provider calls. In: the subject flattened onto gray 127 (IC-Light's neutral), the
 * mask as a grayscale PNG, and the Studio-lit init image for img2img models — all as data URIs. Out: the
 * provider's bytes as a StoredImage, sized from their header.
 */
import sharp from 'sharp'

import {
  fillTransparent,
  matchScene,
  relight,
  resize,
  type RgbaImage,
  studioOptions
} from '../../engine/index.js'
import type { RelightParams } from '../../protocol/request.js'
import { readImageHeader } from '../image-header.js'
import type { StoredImage } from '../jobs/types.js'
import { toDataUri } from '../upstream/download.js'
import type { Upstream } from '../upstream/http.js'
import type { ProviderInput } from './contract.js'

export const NEUTRAL_GRAY = 127

/** Composites the image over gray 127 by its own alpha; the result is opaque. */
export function flattenOnGray(image: RgbaImage): RgbaImage {
  const data = new Uint8ClampedArray(image.data.length)
  for (let i = 0; i < data.length; i += 4) {
    const a = image.data[i + 3]! / 255
    for (let c = 0; c < 3; c++) data[i + c] = image.data[i + c]! * a + NEUTRAL_GRAY * (1 - a)
    data[i + 3] = 255
  }
  return { width: image.width, height: image.height, data }
}

function raw(data: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: 1 | 3 | 4) {
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    raw: { width, height, channels }
  })
}

export async function pngDataUri(image: RgbaImage): Promise<string> {
  const bytes = await raw(image.data, image.width, image.height, 4).png().toBuffer()
  return toDataUri(bytes, 'image/png')
}

export async function maskDataUri(mask: Uint8Array, width: number, height: number): Promise<string> {
  return toDataUri(await raw(mask, width, height, 1).png().toBuffer(), 'image/png')
}

/** The subject as a model that takes no mask should see it. */
export function subjectDataUri(input: ProviderInput): Promise<string> {
  return pngDataUri(flattenOnGray(input.image))
}

/**
 * The part of the background the subject stands on (its placement, or all of it when none is given), at
 * the subject's size: what a background-conditioned model sees behind the subject's frame. A placement
 * reaching past the background's edge repeats the edge pixels.
 */
export function backgroundBehind(input: ProviderInput): RgbaImage | undefined {
  const { background, image, params } = input
  if (!background) return undefined
  const place = params.placement ?? { x: 0, y: 0, width: 1, height: 1 }
  const left = Math.round(place.x * background.width)
  const top = Math.round(place.y * background.height)
  const width = Math.max(1, Math.round(place.width * background.width))
  const height = Math.max(1, Math.round(place.height * background.height))
  const crop = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    const sy = Math.min(background.height - 1, Math.max(0, top + y))
    for (let x = 0; x < width; x++) {
      const sx = Math.min(background.width - 1, Math.max(0, left + x))
      const s = (sy * background.width + sx) * 4
      crop.set(background.data.subarray(s, s + 4), (y * width + x) * 4)
    }
  }
  // A frame's export with the subject taken out has a hole where the subject stands: filled from the scene
  // around it, so the model and the matched start image see the scene there, not a gray cut-out.
  return fillTransparent(resize({ width, height, data: crop }, image.width, image.height))
}

/** The background behind the subject as a data URI, for models that take one; none without a background. */
export async function backgroundDataUri(input: ProviderInput): Promise<string | undefined> {
  const behind = backgroundBehind(input)
  return behind ? pngDataUri(behind) : undefined
}

/**
 * The Studio engine lights the layer from the chosen side (scene output, its default look), and the
 * diffusion model refines that: the light direction survives because it is in the init image. With a
 * background, the layer is lit to match it and set on it (its shadow included) instead.
 */
export function studioLitDataUri(input: ProviderInput): Promise<string> {
  const behind = backgroundBehind(input)
  if (behind) {
    const { width, height } = input.image
    const mask = input.params.maskMode === 'auto' ? { autoMask: true } : { mask: input.mask }
    const matched = matchScene(input.image, behind, { placement: { x: 0, y: 0, width, height }, ...mask })
    return pngDataUri(flattenOnGray(matched.composite))
  }
  const studio: Pick<RelightParams, 'prompt' | 'lightSource' | 'output' | 'options' | 'seed'> = {
    prompt: input.params.prompt,
    lightSource: input.params.lightSource,
    output: 'scene',
    options: {},
    seed: input.params.seed
  }
  const lit = relight(input.image, studioOptions(studio, 0, input.mask))
  return pngDataUri(flattenOnGray(lit))
}

/**
 * A provider's result as it came, typed and sized from its header alone: the runner checks the pixel
 * limit before anything decodes it, then converts, sizes and cuts it out (jobs/results.ts).
 */
export function providerImage(upstream: Upstream, bytes: Uint8Array, requestId?: string): StoredImage {
  const header = readImageHeader(bytes)
  if (!header || !('width' in header)) {
    throw upstream.error('bad_response', {
      detail: 'a result that is not a readable PNG, JPEG or WebP image',
      ...(requestId ? { requestId } : {})
    })
  }
  return { bytes, contentType: header.contentType, width: header.width, height: header.height }
}

/** A seed for the provider when the request names none, so the job can report what was used. */
export function drawSeed(random: () => number): number {
  return Math.floor(random() * 2 ** 31)
}

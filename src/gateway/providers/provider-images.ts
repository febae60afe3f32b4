/**
 * Images in and out of provider calls. In: the subject flattened onto gray 127 (IC-Light's neutral), the
 * mask as a grayscale PNG, and the Studio-lit init image for img2img models — all as data URIs. Out: the
 * provider's bytes as a StoredImage, sized from their header.
 */
import sharp from 'sharp'

import { relight, type RgbaImage, studioOptions } from '../../engine/index.js'
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
 * The Studio engine lights the layer from the chosen side (scene output, its default look), and the
 * diffusion model refines that: the light direction survives because it is in the init image.
 */
export function studioLitDataUri(input: ProviderInput): Promise<string> {
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

import type { RgbaImage } from '../../src/engine/index.js'
import { decodePngAsync } from './decode-png-async.js'
import { grayscaleMask, maskToRgba } from './grayscale-mask.js'

/** Encodes RGBA pixels as PNG with the browser's encoder. */
export async function encodePngAsync(image: RgbaImage): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(image.width, image.height)
  const context = canvas.getContext('2d')
  if (context === null) throw new Error('This browser cannot prepare the mask image.')
  const pixels = new ImageData(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height)
  context.putImageData(pixels, 0, 0)
  const blob = await canvas.convertToBlob({ type: 'image/png' })
  return new Uint8Array(await blob.arrayBuffer())
}

/** The mask layer's PNG (as Figma exported it) turned into the grayscale PNG sent as the `mask` part. */
export async function maskToGrayscalePngAsync(png: Uint8Array): Promise<Uint8Array> {
  const image = await decodePngAsync(png)
  return encodePngAsync(maskToRgba(grayscaleMask(image), image.width, image.height))
}

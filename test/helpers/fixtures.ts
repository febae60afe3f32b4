/** Loads the shared fixture images as straight RGBA for tests, benches and scripts (sharp, Node only). */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import sharp from 'sharp'

import type { RgbaImage } from '../../src/engine/types.js'

/** The shared fixtures beside the project (`../shared/fixtures/images`), or RELIGHT_FIXTURES. */
export const FIXTURES_DIR =
  process.env.RELIGHT_FIXTURES ?? fileURLToPath(new URL('../../../shared/fixtures/images', import.meta.url))

/** Decodes `name` (e.g. "bottle-alpha.png") from the fixtures folder into straight RGBA, 8 bits a channel. */
export async function loadFixture(name: string): Promise<RgbaImage> {
  return decodeImage(await sharp(path.join(FIXTURES_DIR, name)).toBuffer())
}

/** Decodes any PNG/JPEG/WebP bytes into straight RGBA (gray and gray+alpha become RGB). */
export async function decodeImage(bytes: Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(bytes)
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return {
    width: info.width,
    height: info.height,
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length)
  }
}

/** Resizes with sharp (premultiplied, so cut-outs keep clean edges). */
export async function resizeImage(img: RgbaImage, width: number, height: number): Promise<RgbaImage> {
  const { data, info } = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 4 }
  })
    .resize(width, height, { fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return {
    width: info.width,
    height: info.height,
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length)
  }
}

export async function encodePng(img: RgbaImage): Promise<Buffer> {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 4 }
  })
    .png()
    .toBuffer()
}

/** Loads the fixture images in the project's `fixtures/` folder, for tests, benches and scripts (Node only). */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import sharp from 'sharp'

import type { RgbaImage } from '../src/engine/types.js'

/** The project's `fixtures/` folder, found from this file so any clone location works. */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures', import.meta.url))

/** The path of `name` (e.g. "bottle-alpha.png"); throws, naming the path, when the file is not there. */
export function fixturePath(name: string): string {
  const file = path.join(FIXTURES_DIR, name)
  if (!existsSync(file))
    throw new Error(`Fixture ${name} is missing: expected it at ${file} (see fixtures/README.md)`)
  return file
}

/** The file's bytes as stored (PNG or JPEG), for requests that upload a layer. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)))
}

/** Decodes `name` (e.g. "bottle-alpha.png") from the fixtures folder into straight RGBA, 8 bits a channel. */
export async function loadFixture(name: string): Promise<RgbaImage> {
  return decodeImage(await sharp(fixturePath(name)).toBuffer())
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

/** Image checks: type from magic bytes, size from the header, refusal before decoding. */
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { GatewayError } from '../../src/gateway/errors.js'
import { readImageHeader } from '../../src/gateway/image-header.js'
import { checkUpload, prepareInput, targetSize } from '../../src/gateway/images.js'
import { findModel } from '../../src/protocol/catalog.js'
import { parseRelightParams } from '../../src/protocol/request.js'
import { bombPng, fixture } from './helpers.js'

const studio = findModel('local/studio')!

function params(extra: Record<string, unknown> = {}) {
  const parsed = parseRelightParams({ model: 'local/studio', prompt: 'warm', ...extra })
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.params
}

async function sample(format: 'png' | 'jpeg' | 'webp', lossless = false): Promise<Uint8Array> {
  const image = sharp({ create: { width: 321, height: 123, channels: 3, background: '#808080' } })
  const encoded =
    format === 'webp' ? image.webp({ lossless }) : format === 'jpeg' ? image.jpeg() : image.png()
  return new Uint8Array(await encoded.toBuffer())
}

describe('readImageHeader', () => {
  it.each([
    ['png', false],
    ['jpeg', false],
    ['webp', false],
    ['webp', true]
  ] as const)('reads the size of a %s (lossless %s) from its header', async (format, lossless) => {
    expect(readImageHeader(await sample(format, lossless))).toMatchObject({
      type: format,
      width: 321,
      height: 123
    })
  })

  it('reads an extended (VP8X) WebP with alpha', async () => {
    const webp = await sharp(fixture('bottle-alpha.png')).webp().toBuffer()
    expect(readImageHeader(webp)).toMatchObject({ type: 'webp', width: 768, height: 1024 })
  })

  it('knows nothing of GIF, SVG or text', () => {
    expect(readImageHeader(new TextEncoder().encode('GIF89a......'))).toBeUndefined()
    expect(
      readImageHeader(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))
    ).toBeUndefined()
  })
})

describe('checkUpload', () => {
  it('refuses a 20000×20000 PNG from its first 33 bytes, before any pixel data exists', () => {
    const headerOnly = bombPng(20000, 20000).subarray(0, 33) // signature + IHDR, no IDAT at all
    const error = (() => {
      try {
        checkUpload(headerOnly, 'image', 40_000_000)
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({ status: 413, code: 'image_too_large', field: 'image' })
  })

  it('refuses a non-image with 415', () => {
    expect(() => checkUpload(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), 'image', 1e6)).toThrow(
      /not a PNG, JPEG or WebP/
    )
  })
})

describe('prepareInput', () => {
  it('decodes to RGBA at the working size with the alpha as the mask', async () => {
    const prepared = await prepareInput(
      { image: fixture('bottle-alpha.png') },
      params({ width: 192 }),
      studio,
      40e6
    )
    expect([prepared.image.width, prepared.image.height]).toEqual([192, 256])
    expect(prepared.image.data.length).toBe(192 * 256 * 4)
    expect(prepared.mask[0]).toBe(prepared.image.data[3])
    expect(prepared.mask).toContain(0)
    expect(prepared.mask).toContain(255)
  })

  it('uses the uploaded mask, scaled to the image (same aspect ratio), for maskMode image', async () => {
    const half = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#000' } })
      .composite([
        { input: { create: { width: 15, height: 20, channels: 3, background: '#fff' } }, left: 0, top: 0 }
      ])
      .png()
      .toBuffer()
    const prepared = await prepareInput(
      { image: fixture('coffee.png'), mask: half },
      params({ maskMode: 'image' }),
      studio,
      40e6
    )
    const { width, height } = prepared.image
    expect([width, height]).toEqual([600, 400])
    expect(prepared.mask[200 * width + 10]).toBe(255)
    expect(prepared.mask[200 * width + 590]).toBe(0)
  })

  it('maskMode none makes the whole image the subject', async () => {
    const prepared = await prepareInput(
      { image: fixture('bottle-alpha.png') },
      params({ maskMode: 'none' }),
      studio,
      40e6
    )
    expect(new Set(prepared.mask)).toEqual(new Set([255]))
  })

  it('sizes from one requested side by the aspect ratio', () => {
    expect(targetSize({ width: 600, height: 400 }, params({ height: 200 }), studio.size)).toEqual({
      width: 300,
      height: 200
    })
  })
})

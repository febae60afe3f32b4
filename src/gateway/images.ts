/**
 * Image handling at the edge: check an upload's type and size from its header, decode it to RGBA with
 * sharp under the pixel limit, derive the subject mask, resize to the model's working size, and encode
 * results. Providers receive `ProviderInput` built from what this module returns. The store keeps uploads
 * as sent (`storedUpload`); `prepareInput` turns them into pixels, at submit and again after a restart.
 */
import sharp, { type Sharp } from 'sharp'

import type { RgbaImage } from '../engine/index.js'
import type { ModelEntry, SizeSpec } from '../protocol/catalog.js'
import { CONTENT_TYPES, type OutputFormat } from '../protocol/options.js'
import type { RelightParams } from '../protocol/request.js'
import { type Size, snap, workingSize } from '../protocol/size.js'
import { GatewayError } from './errors.js'
import { type ImageHeader, readImageHeader } from './image-header.js'
import type { StoredImage } from './jobs/types.js'

export interface PreparedInput {
  /** The image at the working size, straight RGBA. */
  readonly image: RgbaImage
  /** One byte a pixel at the working size, 255 = subject. */
  readonly mask: Uint8Array
  /** The background to match, at its own size (at most `MAX_BACKGROUND_SIDE` a side), straight RGBA. */
  readonly background?: RgbaImage
}

/** The longest background side kept: the matched scene is the background's size, and Figma takes 4096. */
export const MAX_BACKGROUND_SIDE = 4096

type UploadField = 'image' | 'mask' | 'background'

const megapixels = (pixels: number): string => `${Math.round(pixels / 100_000) / 10} MP`

/** Refuses anything but a PNG/JPEG/WebP within the pixel limit, from the header alone. */
export function checkUpload(bytes: Uint8Array, field: UploadField, maxPixels: number): ImageHeader {
  const header = readImageHeader(bytes)
  if (!header) {
    throw new GatewayError(
      415,
      'unsupported_image_type',
      `The ${field} is not a PNG, JPEG or WebP file. Export the layer as PNG and try again.`,
      field
    )
  }
  if (!('width' in header)) {
    throw new GatewayError(
      422,
      'image_unreadable',
      `The ${field} looks like a ${header.type.toUpperCase()} but its size cannot be read; it may be damaged. Export it again.`,
      field
    )
  }
  const pixels = header.width * header.height
  if (pixels > maxPixels) {
    throw new GatewayError(
      413,
      'image_too_large',
      `The ${field} is ${header.width}×${header.height} px (${megapixels(pixels)}); this gateway accepts up to ` +
        `${megapixels(maxPixels)}. Export the layer smaller and try again.`,
      field
    )
  }
  return header
}

/** The requested width/height when given (one side derives the other from the aspect), else the model's. */
export function targetSize(source: Size, params: RelightParams, spec: SizeSpec): Size {
  const { width, height } = params
  if (width !== null && height !== null) return { width, height }
  if (width !== null) return { width, height: snap((width * source.height) / source.width, spec) }
  if (height !== null) return { width: snap((height * source.width) / source.height, spec), height }
  return workingSize(source, spec)
}

/** Runs a sharp step; whatever libvips rejects becomes a 422 naming the field. */
async function decode<T>(bytes: Uint8Array, field: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof GatewayError) throw error
    throw new GatewayError(
      422,
      'image_unreadable',
      `The ${field} could not be decoded (${bytes.length} bytes); it may be damaged or truncated. Export it again as PNG.`,
      field
    )
  }
}

/** How far a mask's aspect ratio may be from the image's and still be scaled to it (rounding of sizes). */
export const MASK_ASPECT_TOLERANCE = 0.01

function sameAspect(a: Size, b: Size): boolean {
  const ratio = a.width / a.height / (b.width / b.height)
  return Math.abs(ratio - 1) <= MASK_ASPECT_TOLERANCE
}

/** Width and height as displayed (after EXIF orientation). */
async function orientedSize(bytes: Uint8Array, maxPixels: number): Promise<Size> {
  const info = await sharp(bytes, { limitInputPixels: maxPixels, autoOrient: true }).metadata()
  const oriented = info.autoOrient ?? info
  return { width: oriented.width ?? 0, height: oriented.height ?? 0 }
}

function toRgba(data: Buffer, width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) }
}

async function uploadedMask(
  bytes: Uint8Array,
  source: Size,
  size: Size,
  maxPixels: number
): Promise<Uint8Array> {
  checkUpload(bytes, 'mask', maxPixels)
  const maskSize = await decode(bytes, 'mask', () => orientedSize(bytes, maxPixels))
  if (!sameAspect(maskSize, source)) {
    throw new GatewayError(
      400,
      'mask_size_mismatch',
      `The mask is ${maskSize.width}×${maskSize.height} px but the image is ${source.width}×${source.height} px. ` +
        "Export the mask at the image's size (or at least its aspect ratio) and try again.",
      'mask'
    )
  }
  return decode(bytes, 'mask', async () => {
    // White is subject; transparent counts as background. Scaled to the image (same aspect ratio, so
    // nothing is distorted), then cropped like it.
    const stretched = await sharp(bytes, { limitInputPixels: maxPixels, autoOrient: true })
      .flatten({ background: '#000000' })
      .toColourspace('b-w')
      .resize(source.width, source.height, { fit: 'fill' })
      .extractChannel(0)
      .raw()
      .toBuffer()
    const out = await sharp(stretched, { raw: { width: source.width, height: source.height, channels: 1 } })
      .resize(size.width, size.height, { fit: 'cover' })
      .extractChannel(0)
      .raw()
      .toBuffer()
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
  })
}

export function alphaOf(image: RgbaImage): Uint8Array {
  const mask = new Uint8Array(image.width * image.height)
  for (let i = 0; i < mask.length; i++) mask[i] = image.data[i * 4 + 3]!
  return mask
}

/** Decodes and sizes an upload for `model`, with the mask its `maskMode` asks for and its background. */
export async function prepareInput(
  upload: { readonly image: Uint8Array; readonly mask?: Uint8Array; readonly background?: Uint8Array },
  params: RelightParams,
  model: ModelEntry,
  maxPixels: number
): Promise<PreparedInput> {
  const subject = await prepareSubject(upload, params, model, maxPixels)
  if (!upload.background) return subject
  return { ...subject, background: await prepareBackground(upload.background, maxPixels) }
}

/** The background as displayed (EXIF orientation applied), scaled down to at most 4096 px a side. */
async function prepareBackground(bytes: Uint8Array, maxPixels: number): Promise<RgbaImage> {
  checkUpload(bytes, 'background', maxPixels)
  return decode(bytes, 'background', async () => {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, autoOrient: true })
      .ensureAlpha()
      .resize(MAX_BACKGROUND_SIDE, MAX_BACKGROUND_SIDE, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true })
    return toRgba(data, info.width, info.height)
  })
}

async function prepareSubject(
  upload: { readonly image: Uint8Array; readonly mask?: Uint8Array },
  params: RelightParams,
  model: ModelEntry,
  maxPixels: number
): Promise<PreparedInput> {
  checkUpload(upload.image, 'image', maxPixels)
  const pipeline = (): Sharp => sharp(upload.image, { limitInputPixels: maxPixels, autoOrient: true })
  const meta = await decode(upload.image, 'image', () => orientedSize(upload.image, maxPixels))
  const size = targetSize(meta, params, model.size)
  const image = await decode(upload.image, 'image', async () => {
    const out = await pipeline()
      .ensureAlpha()
      .resize(size.width, size.height, { fit: 'cover' })
      .raw()
      .toBuffer()
    return toRgba(out, size.width, size.height)
  })
  if (params.maskMode === 'image') {
    if (!upload.mask) {
      throw new GatewayError(
        400,
        'mask_missing',
        'maskMode is "image": attach the mask as the "mask" file.',
        'mask'
      )
    }
    return { image, mask: await uploadedMask(upload.mask, meta, size, maxPixels) }
  }
  if (upload.mask) {
    throw new GatewayError(
      400,
      'mask_unexpected',
      `A mask was attached but maskMode is "${params.maskMode}"; set maskMode to "image" to use it.`,
      'mask'
    )
  }
  const mask =
    params.maskMode === 'alpha' ? alphaOf(image) : new Uint8Array(size.width * size.height).fill(255)
  return { image, mask }
}

function rawInput(data: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: 1 | 4) {
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    raw: { width, height, channels }
  })
}

/**
 * Encodes a result; JPEG has no alpha, so it is flattened onto white. PNG stays at libvips' default level
 * (6): at 768×1024 level 1 saves ~5 ms but is 1.75× larger (≈330 vs 188 kB), which costs more on the way
 * to the plugin than it saves here; level 9 is ~5× slower for 2% less.
 */
export async function encodeImage(image: RgbaImage, format: OutputFormat): Promise<StoredImage> {
  const input = rawInput(image.data, image.width, image.height, 4)
  const encoded =
    format === 'png'
      ? input.png()
      : format === 'jpeg'
        ? input.flatten({ background: '#ffffff' }).jpeg({ quality: 92 })
        : input.webp({ quality: 92, alphaQuality: 100 })
  const bytes = new Uint8Array(await encoded.toBuffer())
  return { bytes, contentType: CONTENT_TYPES[format], width: image.width, height: image.height }
}

/** An upload as the store keeps it: its own bytes, as sent (checked by `prepareInput` already). */
export function storedUpload(bytes: Uint8Array, field: UploadField, maxPixels: number): StoredImage {
  const { contentType, width, height } = checkUpload(bytes, field, maxPixels)
  return { bytes, contentType, width, height }
}

/**
 * What every result goes through before it is stored and served, whichever provider made it:
 * - its size is read from the header and refused past the pixel limit before any pixel is decoded;
 * - it is encoded in the format the request asked for (providers may answer in another, e.g. WebP);
 * - a cut-out gets the uploaded image's size (or the size the request named) and the upload's alpha,
 *   the provider's colour scaled back onto the region of the upload the model saw;
 * - no side is longer than Figma's `createImage` accepts (4096 px), scaled down keeping the aspect.
 */
import sharp from 'sharp'

import { CONTENT_TYPES, type OutputFormat } from '../../protocol/options.js'
import type { RelightParams } from '../../protocol/request.js'
import type { Size } from '../../protocol/size.js'
import { readImageHeader } from '../image-header.js'
import { encodeImage } from '../images.js'
import { ProviderError } from '../providers/contract.js'
import type { StoredImage } from './types.js'

/** `figma.createImage` refuses anything larger a side (plugin-api.d.ts: "at most 4096 pixels"). */
export const MAX_RESULT_SIDE = 4096

export interface ResultTarget {
  readonly params: RelightParams
  /** The image as uploaded (the job's `input` slot). */
  readonly upload: StoredImage | undefined
  /** The size the model worked at (a cover crop of the upload). */
  readonly working: Size
  readonly maxPixels: number
  /** The provider's name as designers know it, for messages. */
  readonly label: string
  /** Whether results already carry the upload's alpha at the working size (the Studio engine). */
  readonly keepsAlpha: boolean
}

const megapixels = (pixels: number): string => `${Math.round(pixels / 100_000) / 10} MP`

/** Scales `size` down (never up) so that no side exceeds MAX_RESULT_SIDE. */
export function capSize(size: Size): Size {
  const scale = Math.min(1, MAX_RESULT_SIDE / Math.max(size.width, size.height))
  if (scale === 1) return size
  return {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale))
  }
}

function checkHeader(image: StoredImage, target: ResultTarget): { type: OutputFormat } & Size {
  const header = readImageHeader(image.bytes)
  if (!header || !('width' in header)) {
    throw new ProviderError(
      'bad_result',
      `${target.label} returned a result that is not a readable PNG, JPEG or WebP image, so it was not kept. Try again.`
    )
  }
  const pixels = header.width * header.height
  if (pixels > target.maxPixels) {
    throw new ProviderError(
      'result_too_large',
      `${target.label} returned a ${header.width}×${header.height} px image (${megapixels(pixels)}); this ` +
        `gateway accepts up to ${megapixels(target.maxPixels)}, so it was not kept. Try again, or ask the ` +
        'gateway admin about RELIGHT_MAX_PIXELS.'
    )
  }
  return { type: header.type, width: header.width, height: header.height }
}

async function decodeRgb(bytes: Uint8Array, maxPixels: number, size: Size): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: maxPixels })
    .removeAlpha()
    .resize(size.width, size.height, { fit: 'fill' })
    .raw()
    .toBuffer()
}

/** Decoded once per upload and size, however many results a job has. */
const decoded = new WeakMap<Uint8Array, Map<string, Promise<Buffer>>>()

/** The upload's alpha as displayed (after EXIF orientation), at its own size or resized to `size`. */
function uploadAlpha(upload: StoredImage, maxPixels: number, size?: Size): Promise<Buffer> {
  const key = size ? `${size.width}x${size.height}` : 'full'
  const cache = decoded.get(upload.bytes) ?? new Map<string, Promise<Buffer>>()
  decoded.set(upload.bytes, cache)
  const cached = cache.get(key)
  if (cached) return cached
  const pipeline = sharp(upload.bytes, { limitInputPixels: maxPixels, autoOrient: true }).ensureAlpha()
  // The same cover resize the input went through, so the alpha lines up with what the model saw.
  const sized = size ? pipeline.resize(size.width, size.height, { fit: 'cover' }) : pipeline
  const alpha = sized.extractChannel(3).raw().toBuffer()
  cache.set(key, alpha)
  return alpha
}

async function orientedSize(upload: StoredImage, maxPixels: number): Promise<Size> {
  const meta = await sharp(upload.bytes, { limitInputPixels: maxPixels, autoOrient: true }).metadata()
  const oriented = meta.autoOrient ?? meta
  return { width: oriented.width ?? upload.width, height: oriented.height ?? upload.height }
}

/**
 * The part of an upload of `full` size that a cover resize to `working` keeps, in upload pixels: the
 * model saw only this, so the provider's colour goes back there and the cropped margins repeat its edge.
 */
export function coverRegion(full: Size, working: Size): { left: number; top: number } & Size {
  const scale = Math.max(working.width / full.width, working.height / full.height)
  const width = Math.min(full.width, Math.max(1, Math.round(working.width / scale)))
  const height = Math.min(full.height, Math.max(1, Math.round(working.height / scale)))
  return {
    left: Math.floor((full.width - width) / 2),
    top: Math.floor((full.height - height) / 2),
    width,
    height
  }
}

function joinAlpha(rgb: Buffer, alpha: Buffer, size: Size): Uint8ClampedArray {
  const pixels = size.width * size.height
  const out = new Uint8ClampedArray(pixels * 4)
  for (let i = 0; i < pixels; i++) {
    out[i * 4] = rgb[i * 3]!
    out[i * 4 + 1] = rgb[i * 3 + 1]!
    out[i * 4 + 2] = rgb[i * 3 + 2]!
    out[i * 4 + 3] = alpha[i]!
  }
  return out
}

async function capRgba(data: Uint8ClampedArray, size: Size): Promise<{ data: Uint8ClampedArray } & Size> {
  const capped = capSize(size)
  if (capped === size) return { data, ...size }
  const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  const out = await sharp(raw, { raw: { width: size.width, height: size.height, channels: 4 } })
    .resize(capped.width, capped.height, { fit: 'fill' })
    .raw()
    .toBuffer()
  return { data: new Uint8ClampedArray(out.buffer, out.byteOffset, out.byteLength), ...capped }
}

async function cutout(image: StoredImage, target: ResultTarget): Promise<StoredImage> {
  const { params, upload, working, maxPixels } = target
  if (!upload) throw new Error('a cut-out needs the uploaded image')
  const named = params.width !== null || params.height !== null
  let size: Size
  let rgb: Buffer
  let alpha: Buffer
  if (named) {
    // The request named the size: the model's working size is that size.
    size = working
    rgb = await decodeRgb(image.bytes, maxPixels, size)
    alpha = await uploadAlpha(upload, maxPixels, size)
  } else {
    size = await orientedSize(upload, maxPixels)
    const region = coverRegion(size, working)
    rgb = await sharp(image.bytes, { limitInputPixels: maxPixels })
      .removeAlpha()
      .resize(region.width, region.height, { fit: 'fill' })
      .extend({
        left: region.left,
        top: region.top,
        right: size.width - region.width - region.left,
        bottom: size.height - region.height - region.top,
        extendWith: 'copy'
      })
      .raw()
      .toBuffer()
    alpha = await uploadAlpha(upload, maxPixels)
  }
  const capped = await capRgba(joinAlpha(rgb, alpha, size), size)
  return encodeImage(capped, params.outputFormat)
}

async function scene(image: StoredImage, header: Size, target: ResultTarget): Promise<StoredImage> {
  const size = capSize(header)
  const data = await sharp(image.bytes, { limitInputPixels: target.maxPixels })
    .ensureAlpha()
    .resize(size.width, size.height, { fit: 'fill' })
    .raw()
    .toBuffer()
  const rgba = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength)
  return encodeImage({ ...size, data: rgba }, target.params.outputFormat)
}

/** Whether a cut-out from the provider already is what `cutout` would make of it. */
async function alreadyCut(header: Size, target: ResultTarget): Promise<boolean> {
  if (!target.keepsAlpha || !target.upload) return false
  const { working, params } = target
  if (header.width !== working.width || header.height !== working.height) return false
  if (params.width !== null || params.height !== null) return true
  const full = await orientedSize(target.upload, target.maxPixels)
  return full.width === working.width && full.height === working.height
}

function kept(image: StoredImage, header: { type: OutputFormat } & Size): StoredImage {
  return {
    bytes: image.bytes,
    contentType: CONTENT_TYPES[header.type],
    width: header.width,
    height: header.height
  }
}

/** The result as it is stored and served; throws a ProviderError the job fails with. */
export async function deliverResult(image: StoredImage, target: ResultTarget): Promise<StoredImage> {
  const header = checkHeader(image, target)
  const { outputFormat, output } = target.params
  const inFormat = header.type === outputFormat
  const withinFigma = Math.max(header.width, header.height) <= MAX_RESULT_SIDE
  if (output === 'cutout') {
    if (inFormat && withinFigma && (await alreadyCut(header, target))) {
      return kept(image, header)
    }
    return cutout(image, target)
  }
  if (inFormat && withinFigma) return kept(image, header)
  return scene(image, header, target)
}

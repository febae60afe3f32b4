/**
 * Image type and dimensions from the first bytes, without decoding: the gateway refuses a decompression
 * bomb (a tiny file that claims 400 MP) before any pixel is inflated.
 */
import { type ImageContentType, sniffImageType } from '../protocol/image-type.js'

export type ImageType = 'png' | 'jpeg' | 'webp'

export interface ImageHeader {
  readonly type: ImageType
  readonly contentType: string
  readonly width: number
  readonly height: number
}

/** The types an upload may have; a GIF is an image but not one a model takes. */
const UPLOAD_TYPES: Partial<Record<ImageContentType, ImageType>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp'
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length))
}

function pngSize(b: DataView): [number, number] | undefined {
  if (b.byteLength < 24 || ascii(new Uint8Array(b.buffer, b.byteOffset, 24), 12, 4) !== 'IHDR')
    return undefined
  return [b.getUint32(16), b.getUint32(20)]
}

/** Walks the JPEG markers to the first start-of-frame, which holds the size. */
function jpegSize(b: DataView): [number, number] | undefined {
  let at = 2
  while (at + 4 <= b.byteLength) {
    if (b.getUint8(at) !== 0xff) return undefined
    const marker = b.getUint8(at + 1)
    if (marker === 0xff) {
      at += 1
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      at += 2
      continue
    }
    const length = b.getUint16(at + 2)
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    if (isFrame) return at + 9 <= b.byteLength ? [b.getUint16(at + 7), b.getUint16(at + 5)] : undefined
    at += 2 + length
  }
  return undefined
}

function webpSize(b: DataView): [number, number] | undefined {
  if (b.byteLength < 30) return undefined
  const chunk = ascii(new Uint8Array(b.buffer, b.byteOffset, 16), 12, 4)
  if (chunk === 'VP8 ') return [b.getUint16(26, true) & 0x3fff, b.getUint16(28, true) & 0x3fff]
  if (chunk === 'VP8L') {
    const bits = b.getUint32(21, true)
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1]
  }
  if (chunk === 'VP8X') {
    const width = b.getUint8(24) | (b.getUint8(25) << 8) | (b.getUint8(26) << 16)
    const height = b.getUint8(27) | (b.getUint8(28) << 8) | (b.getUint8(29) << 16)
    return [width + 1, height + 1]
  }
  return undefined
}

/** The type and size an image declares in its header; undefined when it is not a readable PNG/JPEG/WebP. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | { readonly type: ImageType } | undefined {
  const contentType = sniffImageType(bytes)
  const type = contentType && UPLOAD_TYPES[contentType]
  if (!contentType || !type) return undefined
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const size = type === 'png' ? pngSize(view) : type === 'jpeg' ? jpegSize(view) : webpSize(view)
  if (!size || size[0] < 1 || size[1] < 1) return { type }
  return { type, contentType, width: size[0], height: size[1] }
}

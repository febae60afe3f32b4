/**
 * figma.createImage and figma.getImageByHash. plugin-api.d.ts (PluginAPI.createImage): "The data passed in
 * must be encoded as a PNG, JPEG, or GIF. Images have a maximum size of 4096 pixels (4K) in width and height.
 * Invalid images will throw an error." createImage is synchronous, so the header is parsed here at once;
 * decoding for drawing happens lazily, and only in a browser (nothing here needs the DOM to load).
 */
import { sha1Hex } from './sha1.js'

export const MAX_IMAGE_SIDE = 4096

export interface ImageInfo {
  readonly width: number
  readonly height: number
  readonly mime: 'image/png' | 'image/jpeg' | 'image/gif'
}

/** Reads the pixel size from a PNG, JPEG or GIF header; null for anything else. */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  const b = bytes
  if (b.length > 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
    return { width: view.getUint32(16), height: view.getUint32(20), mime: 'image/png' }
  }
  if (b.length > 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) {
    return { width: b[6] | (b[7] << 8), height: b[8] | (b[9] << 8), mime: 'image/gif' }
  }
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null
      const marker = b[i + 1]
      const length = (b[i + 2] << 8) | b[i + 3]
      const isFrame =
        marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
      if (isFrame) {
        return { width: (b[i + 7] << 8) | b[i + 8], height: (b[i + 5] << 8) | b[i + 6], mime: 'image/jpeg' }
      }
      i += 2 + length
    }
  }
  return null
}

export class FakeImage {
  private bitmap: Promise<ImageBitmap> | null = null
  private url: string | null = null

  constructor(
    readonly hash: string,
    private readonly bytes: Uint8Array,
    readonly info: ImageInfo
  ) {}

  async getBytesAsync(): Promise<Uint8Array> {
    return this.bytes.slice()
  }

  async getSizeAsync(): Promise<{ width: number; height: number }> {
    return { width: this.info.width, height: this.info.height }
  }

  /** Decoded pixels for rendering (playground only, not part of Figma's Image). */
  decodedAsync(): Promise<ImageBitmap> {
    this.bitmap ??= createImageBitmap(this.blob())
    return this.bitmap
  }

  /** An object URL for CSS backgrounds on the canvas (playground only). */
  objectUrl(): string {
    this.url ??= URL.createObjectURL(this.blob())
    return this.url
  }

  private blob(): Blob {
    return new Blob([this.bytes as Uint8Array<ArrayBuffer>], { type: this.info.mime })
  }
}

export class ImageStore {
  private readonly images = new Map<string, FakeImage>()

  create(data: Uint8Array): FakeImage {
    if (!(data instanceof Uint8Array)) throw new Error('in createImage: Expected a Uint8Array')
    const info = sniffImage(data)
    if (info === null) throw new Error('in createImage: Image type is unsupported')
    if (info.width > MAX_IMAGE_SIDE || info.height > MAX_IMAGE_SIDE) {
      throw new Error(
        `in createImage: Image is too large (${info.width}×${info.height}); the maximum is ${MAX_IMAGE_SIDE} px a side`
      )
    }
    const hash = sha1Hex(data)
    const existing = this.images.get(hash)
    if (existing !== undefined) return existing
    const image = new FakeImage(hash, data.slice(), info)
    this.images.set(hash, image)
    return image
  }

  get(hash: string): FakeImage | null {
    return this.images.get(hash) ?? null
  }
}

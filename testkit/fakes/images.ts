/** Real encoded images for the fakes to serve, made with sharp. */
import sharp from 'sharp'

export type FakeFormat = 'png' | 'jpeg' | 'webp'

export async function makeImage(width: number, height: number, format: FakeFormat = 'png'): Promise<Buffer> {
  const pipeline = sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 120, b: 60 } }
  })
  if (format === 'jpeg') return pipeline.jpeg().toBuffer()
  if (format === 'webp') return pipeline.webp().toBuffer()
  return pipeline.png().toBuffer()
}

export function formatOf(name: string | undefined): FakeFormat {
  if (name === 'jpeg' || name === 'jpg') return 'jpeg'
  if (name === 'webp') return 'webp'
  return 'png'
}

export const CONTENT_TYPE: Record<FakeFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp'
}

/**
 * How a fake provider may answer other than asked, as real ones do: Replicate's and Segmind's IC-Light
 * default to WebP, fal's LCM answers JPEG only, and nothing in their docs bounds the size of a result.
 */
export interface AnswerOverride {
  readonly format?: FakeFormat
  readonly width?: number
  readonly height?: number
  /** Exact bytes to serve instead of a made image (e.g. a PNG whose header claims 16000×16000). */
  readonly bytes?: Uint8Array
}

/** The image a fake serves for a request of `width`×`height` in `format`, after any override. */
export async function answerImage(
  width: number,
  height: number,
  format: FakeFormat,
  override: AnswerOverride = {}
): Promise<{ bytes: Buffer; format: FakeFormat }> {
  const served = override.format ?? format
  if (override.bytes) return { bytes: Buffer.from(override.bytes), format: served }
  const bytes = await makeImage(override.width ?? width, override.height ?? height, served)
  return { bytes, format: served }
}

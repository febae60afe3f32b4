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

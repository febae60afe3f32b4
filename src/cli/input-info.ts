/**
 * What the CLI needs to know of an input file before sending it: its size (Studio relights at it) and
 * whether it is opaque (then `scene` is the default output). Results need no fitting: the gateway returns
 * cut-outs at the uploaded size with its alpha, in the format asked for.
 */
import sharp from 'sharp'

export interface InputInfo {
  readonly width: number
  readonly height: number
  readonly opaque: boolean
}

export async function readInputInfo(bytes: Uint8Array): Promise<InputInfo> {
  const image = sharp(bytes)
  const meta = await image.metadata().catch(() => undefined)
  if (!meta || !meta.width || !meta.height || !['png', 'jpeg', 'webp'].includes(meta.format ?? '')) {
    throw new Error('it is not a PNG, JPEG or WebP image')
  }
  const { isOpaque } = await image.stats()
  return { width: meta.width, height: meta.height, opaque: isOpaque }
}

/** Brings a result back to the input's size; for cut-outs, with exactly the input's alpha. */
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

export async function fitToInput(
  result: Uint8Array,
  input: Uint8Array,
  info: InputInfo,
  cutout: boolean,
  format: 'png' | 'jpeg' | 'webp'
): Promise<Uint8Array> {
  const meta = await sharp(result).metadata()
  if (meta.width === info.width && meta.height === info.height && meta.format === format) return result
  let pipeline = sharp(result).resize(info.width, info.height, { fit: 'fill' })
  if (cutout) {
    const alpha = await sharp(input).ensureAlpha().extractChannel('alpha').raw().toBuffer()
    pipeline = sharp(await pipeline.removeAlpha().raw().toBuffer(), {
      raw: { width: info.width, height: info.height, channels: 3 }
    }).joinChannel(alpha, { raw: { width: info.width, height: info.height, channels: 1 } })
  }
  return new Uint8Array(await pipeline.toFormat(format).toBuffer())
}

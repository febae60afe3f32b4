import { resize, type RgbaImage } from '../../src/engine/index.js'
import type { ExportedLayer, ScenePlacement } from '../../src/protocol/events.js'
import { decodePngAsync } from './decode-png-async.js'
import { encodePngAsync } from './mask-to-grayscale-png-async.js'

/**
 * A frame's image with the subject standing in it taken out: where the subject is opaque the frame's
 * pixel becomes transparent, where it is partly transparent the frame keeps the share the subject let
 * through. The light is read with alpha as weight, so what is left is the scene around the subject.
 * `placement` is where the subject's image lies on the background, as fractions of its size.
 */
export function withoutSubject(
  background: RgbaImage,
  subject: RgbaImage,
  placement: ScenePlacement
): RgbaImage {
  const left = Math.round(placement.x * background.width)
  const top = Math.round(placement.y * background.height)
  const width = Math.max(1, Math.round(placement.width * background.width))
  const height = Math.max(1, Math.round(placement.height * background.height))
  const footprint = resize(subject, width, height).data
  const data = new Uint8ClampedArray(background.data)
  for (let y = Math.max(0, -top); y < height && y + top < background.height; y++) {
    for (let x = Math.max(0, -left); x < width && x + left < background.width; x++) {
      const covered = footprint[(y * width + x) * 4 + 3]
      if (covered === 0) continue
      const i = ((y + top) * background.width + x + left) * 4 + 3
      data[i] = (data[i] * (255 - covered)) / 255
    }
  }
  return { width: background.width, height: background.height, data }
}

/** The layer with its background's copy of the subject taken out, when the background holds it. */
export async function withoutSubjectAsync(layer: ExportedLayer): Promise<ExportedLayer> {
  const background = layer.background
  if (background?.within !== true) return layer
  const [pixels, subject] = await Promise.all([decodePngAsync(background.bytes), decodePngAsync(layer.bytes)])
  const bytes = await encodePngAsync(withoutSubject(pixels, subject, background.placement))
  return { ...layer, background: { ...background, bytes } }
}

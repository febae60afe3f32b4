import { contactShadow, estimateSceneLight, type SceneLight } from '../../src/engine/index.js'
import type { ExportedBackground, ExportedLayer, SceneShadow } from '../../src/protocol/events.js'
import { decodePngAsync } from './decode-png-async.js'
import { encodePngAsync } from './mask-to-grayscale-png-async.js'

/** The designer's choices that win over the light read off the background. */
export interface SceneOverrides {
  readonly azimuth?: number
}

/** The light of an exported background where the subject stands on it, with the designer's overrides. */
export async function backgroundLightAsync(
  background: ExportedBackground,
  overrides: SceneOverrides = {}
): Promise<SceneLight> {
  const pixels = await decodePngAsync(background.bytes)
  const { placement } = background
  const light = estimateSceneLight(pixels, {
    x: placement.x * pixels.width,
    y: placement.y * pixels.height,
    width: placement.width * pixels.width,
    height: placement.height * pixels.height
  })
  return overrides.azimuth === undefined ? light : { ...light, azimuth: overrides.azimuth }
}

/**
 * The shadow the relit subject casts onto its background, as a PNG layer and where it goes in canvas units
 * from the subject's top-left (the subject was exported at `layer.width` px for `layer.layerWidth` units).
 */
export async function sceneShadowAsync(
  relit: Uint8Array,
  layer: ExportedLayer,
  light: SceneLight
): Promise<SceneShadow> {
  const image = await decodePngAsync(relit)
  const alpha = new Uint8Array(image.width * image.height)
  for (let p = 0; p < alpha.length; p++) alpha[p] = image.data[p * 4 + 3]
  const shadow = contactShadow(alpha, image.width, image.height, light)
  const sx = layer.layerWidth / image.width
  const sy = layer.layerHeight / image.height
  return {
    bytes: await encodePngAsync(shadow.image),
    x: shadow.x * sx,
    y: shadow.y * sy,
    width: shadow.image.width * sx,
    height: shadow.image.height * sy
  }
}

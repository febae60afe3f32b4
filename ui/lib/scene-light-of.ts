import { estimateSceneLight, type RgbaImage, type SceneLight } from '../../src/engine/index.js'
import type { SceneSelection } from '../../src/protocol/events.js'
import type { LayerView } from '../hooks/use-selection.js'

/**
 * The light of the selected background, read off its thumbnail where the subject stands, with the
 * designer's direction when set; undefined while the thumbnail is not there.
 */
export function sceneLightOf(
  scene: SceneSelection,
  layers: readonly LayerView[],
  azimuth: number | undefined,
  /** The found background's own thumbnail, when it is not among the selected layers. */
  thumbnail?: RgbaImage
): SceneLight | undefined {
  const pixels = layers.find((layer) => layer.id === scene.backgroundId)?.pixels ?? thumbnail
  if (!pixels) return undefined
  const { placement } = scene
  const light = estimateSceneLight(pixels, {
    x: placement.x * pixels.width,
    y: placement.y * pixels.height,
    width: placement.width * pixels.width,
    height: placement.height * pixels.height
  })
  return azimuth === undefined ? light : { ...light, azimuth }
}

import { hexToLinear } from '../../src/engine/hex-color.js'
import { estimateSceneLight, type RgbaImage, type SceneLight } from '../../src/engine/index.js'
import type { SceneSelection } from '../../src/protocol/events.js'
import type { LayerView } from '../hooks/use-selection.js'

/** The designer's choices over the light read off the background: a direction, a `#rrggbb` colour. */
export interface SceneChoices {
  readonly azimuth?: number | undefined
  readonly color?: string | undefined
}

/**
 * The light of the selected background, read off its thumbnail where the subject stands, with the
 * designer's direction and colour when set; undefined while the thumbnail is not there.
 */
export function sceneLightOf(
  scene: SceneSelection,
  layers: readonly LayerView[],
  choices: SceneChoices,
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
  return {
    ...light,
    ...(choices.azimuth !== undefined ? { azimuth: choices.azimuth } : {}),
    ...(choices.color !== undefined ? { color: hexToLinear(choices.color) } : {})
  }
}

import { hexToLinear } from '../../src/engine/hex-color.js'
import { estimateSceneLight, type RgbaImage, type SceneLight } from '../../src/engine/index.js'
import type { SceneSelection } from '../../src/protocol/events.js'
import type { LayerView } from '../hooks/use-selection.js'
import { withoutSubject } from './without-subject.js'

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
  const found = layers.find((layer) => layer.id === scene.backgroundId)?.pixels ?? thumbnail
  if (!found) return undefined
  const subject = layers.find((layer) => layer.id === scene.subjectId)?.pixels
  // A frame the subject sits in shows the subject too: read the light of what is around it (as it is,
  // while the subject's own thumbnail is not there to take out).
  const pixels = scene.within === true && subject ? withoutSubject(found, subject, scene.placement) : found
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

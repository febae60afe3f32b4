import { MAX_LAYERS, type SelectedLayer, type SelectionState } from '../protocol/events.js'
import { exportThumbnailAsync } from './export-thumbnail-async.js'
import { maskLayerFor, splitMaskPair } from './find-mask-layer.js'
import { isExportable } from './is-exportable.js'
import { recallSettings } from './recall-settings.js'
import { relightTargetsAsync } from './relight-targets-async.js'
import { renderedBox } from './rendered-box.js'
import { scenePair } from './scene-pair.js'
import { selectionMessage } from './selection-message.js'

const MASK_NAME = /(^|\s)mask$/i

/**
 * A layer named "… mask" selected together with one other layer is that layer's mask, not a layer to relight
 * of its own; any other second layer stays a layer of its own and is offered as the first one's mask too.
 */
function withoutNamedMask(nodes: readonly SceneNode[]): readonly SceneNode[] {
  if (nodes.length !== 2) return nodes
  const pair = splitMaskPair(nodes[0], nodes[1])
  if (pair === undefined || !MASK_NAME.test(pair.mask.name.trim())) return nodes
  return [pair.subject]
}

/**
 * The layers of `nodes` Relight can use, each with a thumbnail (of what it renders: rotation and shadows
 * included), the layer that could serve as its mask, and a message about the rest. A selected Relight result
 * stands for its source layer while that still exists (see relightTargetsAsync).
 */
export async function readSelectionAsync(nodes: readonly SceneNode[]): Promise<SelectionState> {
  const candidates = withoutNamedMask(nodes)
  const exportable = candidates.filter(isExportable)
  const targets = await relightTargetsAsync(exportable)
  const used = targets.slice(0, MAX_LAYERS)
  const layers = await Promise.all(
    used.map(async ({ node, fromResults }): Promise<SelectedLayer> => {
      const box = renderedBox(node)
      const mask = maskLayerFor(node, nodes)
      return {
        id: node.id,
        name: node.name,
        width: box.width,
        height: box.height,
        thumbnail: await exportThumbnailAsync(node),
        ...(fromResults > 0 ? { fromResults } : {}),
        ...(mask !== undefined ? { maskLayer: { id: mask.id, name: mask.name } } : {})
      }
    })
  )
  const message = selectionMessage(candidates.length, exportable.length, targets.length)
  const skipped = candidates.length - exportable.length + Math.max(0, targets.length - used.length)
  const recalled = recallSettings(nodes)
  const pair = scenePair(nodes)
  const found = pair !== undefined && !pair.chosen ? await figma.getNodeByIdAsync(pair.backgroundId) : null
  const scene =
    found !== null && 'visible' in found ? { ...pair!, thumbnail: await exportThumbnailAsync(found) } : pair
  return {
    layers,
    skipped,
    ...(message ? { message } : {}),
    ...(recalled ? { recalled } : {}),
    ...(scene ? { scene } : {})
  }
}

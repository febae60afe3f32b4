import { MAX_LAYERS, type SelectionState } from '../protocol/events.js'
import { exportThumbnailAsync } from './export-thumbnail-async.js'
import { isExportable } from './is-exportable.js'
import { relightTargetsAsync } from './relight-targets-async.js'
import { selectionMessage } from './selection-message.js'

/**
 * The layers of `nodes` Relight can use, each with a thumbnail, and a message about the rest. A selected
 * Relight result stands for its source layer while that still exists (see relightTargetsAsync).
 */
export async function readSelectionAsync(nodes: readonly SceneNode[]): Promise<SelectionState> {
  const exportable = nodes.filter(isExportable)
  const targets = await relightTargetsAsync(exportable)
  const used = targets.slice(0, MAX_LAYERS)
  const layers = await Promise.all(
    used.map(async ({ node, fromResults }) => ({
      id: node.id,
      name: node.name,
      width: node.width,
      height: node.height,
      thumbnail: await exportThumbnailAsync(node),
      ...(fromResults > 0 ? { fromResults } : {})
    }))
  )
  const message = selectionMessage(nodes.length, exportable.length, targets.length)
  const skipped = nodes.length - exportable.length + Math.max(0, targets.length - used.length)
  return { layers, skipped, ...(message ? { message } : {}) }
}

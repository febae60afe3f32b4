import { MAX_LAYERS, type SelectionState } from '../protocol/events.js'
import { exportThumbnailAsync } from './export-thumbnail-async.js'
import { isExportable } from './is-exportable.js'
import { selectionMessage } from './selection-message.js'

/** The layers of `nodes` Relight can use, each with a thumbnail, and a message about the rest. */
export async function readSelectionAsync(nodes: readonly SceneNode[]): Promise<SelectionState> {
  const exportable = nodes.filter(isExportable)
  const used = exportable.slice(0, MAX_LAYERS)
  const layers = await Promise.all(
    used.map(async (node) => ({
      id: node.id,
      name: node.name,
      width: node.width,
      height: node.height,
      thumbnail: await exportThumbnailAsync(node)
    }))
  )
  const message = selectionMessage(nodes.length, exportable.length)
  return { layers, skipped: nodes.length - used.length, ...(message ? { message } : {}) }
}

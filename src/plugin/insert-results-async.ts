import type { InsertRequest, InsertResult } from '../protocol/events.js'
import { insertAtViewportCenter } from './insert-at-viewport-center.js'
import { nextRelitNumber } from './next-relit-number.js'
import { planPlacement } from './plan-placement.js'
import { relitBaseName } from './relit-base-name.js'
import { PLUGIN_DATA_KEY, relitLayerData } from './relit-layer-data.js'
import { showInsertedLayers } from './show-inserted-layers.js'

export { PLUGIN_DATA_KEY } from './relit-layer-data.js'

/**
 * Places each result as a rectangle with an image fill at the original's size, in a free row to its right in
 * the same parent. Without a run id it also selects the new layers, scrolls to them and commits one undo
 * step; within a run, main does that once for all of the run's layers (RUN_FINISHED).
 */
export async function insertResultsAsync(request: InsertRequest): Promise<InsertResult> {
  const source = await figma.getNodeByIdAsync(request.sourceId)
  if (source === null || !('width' in source) || source.parent === null || source.removed) {
    if (request.withoutSource) return insertAtViewportCenter(request, request.withoutSource)
    return { error: 'The original layer was deleted, so the results were not placed. Relight it again.' }
  }
  const parent = source.parent
  if (parent.type === 'INSTANCE') {
    return {
      error: `“${source.name}” is inside a component instance, where no layers can be added. Detach the instance or select it instead.`
    }
  }
  // Create every image first: if Figma rejects one (over 4096 px), nothing half-done is left on the canvas.
  let images: Image[]
  try {
    images = request.images.map((bytes) => figma.createImage(bytes))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      error: `Figma could not use a result image (${reason}). Try a smaller size or another output format.`
    }
  }
  const siblings = parent.children.filter((node) => node.id !== source.id)
  const slots = planPlacement(
    source,
    siblings.filter((node) => 'width' in node),
    images.length
  )
  // A result relit as itself (its source is gone) is still named after the original: never "· relit 2 · relit 1".
  const baseName = relitBaseName(source.name)
  const first = nextRelitNumber(
    parent.children.map((node) => node.name),
    baseName
  )

  const nodes = images.map((image, index) => {
    const rectangle = figma.createRectangle()
    parent.appendChild(rectangle)
    if ('layoutMode' in parent && parent.layoutMode !== 'NONE') rectangle.layoutPositioning = 'ABSOLUTE'
    rectangle.name = `${baseName} · relit ${first + index}`
    rectangle.resize(source.width, source.height)
    rectangle.x = slots[index].x
    rectangle.y = slots[index].y
    rectangle.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }]
    rectangle.setPluginData(PLUGIN_DATA_KEY, relitLayerData(request.params, source.id, index))
    return rectangle
  })

  if (request.runId === undefined) showInsertedLayers(nodes)
  return { nodeIds: nodes.map((node) => node.id) }
}

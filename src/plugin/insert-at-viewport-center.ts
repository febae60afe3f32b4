import type { InsertRequest, InsertResult } from '../protocol/events.js'
import { PLACEMENT_GAP } from './plan-placement.js'
import { PLUGIN_DATA_KEY, relitLayerData } from './relit-layer-data.js'
import { showInsertedLayers } from './show-inserted-layers.js'

/**
 * Results whose source layer is gone (deleted, or the job was started elsewhere): a row of rectangles at
 * the given size, centered in the viewport on the current page; selected and in view, as one undo step, at
 * once or with the rest of its run.
 */
export function insertAtViewportCenter(
  request: InsertRequest,
  size: { readonly width: number; readonly height: number }
): InsertResult {
  let images: Image[]
  try {
    images = request.images.map((bytes) => figma.createImage(bytes))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return { error: `Figma could not use a result image (${reason}).` }
  }
  const { x } = figma.viewport.center
  const rowWidth = images.length * size.width + (images.length - 1) * PLACEMENT_GAP
  const y = freeRowCenterY(x - rowWidth / 2, figma.viewport.center.y, rowWidth, size.height)
  const nodes = images.map((image, index) => {
    const rectangle = figma.createRectangle()
    figma.currentPage.appendChild(rectangle)
    rectangle.name = `Relit · ${request.params.prompt || request.params.model}`
    rectangle.resize(size.width, size.height)
    rectangle.x = Math.round(x - rowWidth / 2 + index * (size.width + PLACEMENT_GAP))
    rectangle.y = Math.round(y - size.height / 2)
    rectangle.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }]
    rectangle.setPluginData(PLUGIN_DATA_KEY, relitLayerData(request.params, request.sourceId, index))
    return rectangle
  })
  if (request.runId === undefined) showInsertedLayers(nodes)
  return { nodeIds: nodes.map((node) => node.id) }
}

/** The row's vertical center, moved down past whatever it would cover (e.g. an earlier job's row). */
function freeRowCenterY(left: number, centerY: number, width: number, height: number): number {
  const row = (y: number) => ({ x: left, y: y - height / 2, width, height })
  const obstacles = figma.currentPage.children.filter((node) => 'width' in node)
  let y = centerY
  for (let tries = 0; tries < 100; tries++) {
    const box = row(y)
    const blocker = obstacles.find(
      (node) =>
        box.x < node.x + node.width &&
        node.x < box.x + box.width &&
        box.y < node.y + node.height &&
        node.y < box.y + box.height
    )
    if (blocker === undefined) return y
    y = blocker.y + blocker.height + PLACEMENT_GAP + height / 2
  }
  return y
}

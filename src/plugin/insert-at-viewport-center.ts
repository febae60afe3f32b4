import type { InsertRequest, InsertResult } from '../protocol/events.js'
import { PLUGIN_DATA_KEY } from './insert-results-async.js'
import { PLACEMENT_GAP } from './plan-placement.js'

/**
 * Results whose source layer is gone (deleted, or the job was started elsewhere): a row of rectangles at
 * the given size, centered in the viewport on the current page, selected and in view; one undo step.
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
  const { x, y } = figma.viewport.center
  const rowWidth = images.length * size.width + (images.length - 1) * PLACEMENT_GAP
  const nodes = images.map((image, index) => {
    const rectangle = figma.createRectangle()
    figma.currentPage.appendChild(rectangle)
    rectangle.name = `Relit · ${request.params.prompt || request.params.model}`
    rectangle.resize(size.width, size.height)
    rectangle.x = Math.round(x - rowWidth / 2 + index * (size.width + PLACEMENT_GAP))
    rectangle.y = Math.round(y - size.height / 2)
    rectangle.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }]
    rectangle.setPluginData(PLUGIN_DATA_KEY, JSON.stringify(request.params))
    return rectangle
  })
  figma.currentPage.selection = nodes
  figma.viewport.scrollAndZoomIntoView(nodes)
  figma.commitUndo()
  return { nodeIds: nodes.map((node) => node.id) }
}

import type { InsertRequest, InsertResult } from '../protocol/events.js'
import { insertAtViewportCenter } from './insert-at-viewport-center.js'
import { nextRelitNumber } from './next-relit-number.js'
import { planPlacement } from './plan-placement.js'

export const PLUGIN_DATA_KEY = 'relight'

/**
 * Places each result as a rectangle with an image fill at the original's size, in a free row to its right in
 * the same parent, selects the new layers and scrolls to them: one undo step.
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
  const first = nextRelitNumber(
    parent.children.map((node) => node.name),
    source.name
  )

  const nodes = images.map((image, index) => {
    const rectangle = figma.createRectangle()
    parent.appendChild(rectangle)
    if ('layoutMode' in parent && parent.layoutMode !== 'NONE') rectangle.layoutPositioning = 'ABSOLUTE'
    rectangle.name = `${source.name} · relit ${first + index}`
    rectangle.resize(source.width, source.height)
    rectangle.x = slots[index].x
    rectangle.y = slots[index].y
    rectangle.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }]
    rectangle.setPluginData(PLUGIN_DATA_KEY, JSON.stringify(request.params))
    return rectangle
  })

  if (pageOf(source) === figma.currentPage) {
    figma.currentPage.selection = nodes
    figma.viewport.scrollAndZoomIntoView(nodes)
  }
  figma.commitUndo()
  return { nodeIds: nodes.map((node) => node.id) }
}

function pageOf(node: BaseNode): BaseNode | null {
  let current: BaseNode | null = node
  while (current !== null && current.type !== 'PAGE') current = current.parent
  return current
}

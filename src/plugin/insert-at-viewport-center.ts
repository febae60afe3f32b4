import type { InsertRequest, InsertResult } from '../protocol/events.js'
import { overlaps } from './geometry.js'
import { createImages, placeRectangles } from './place-rectangles.js'
import { PLACEMENT_GAP } from './plan-placement.js'
import { PLUGIN_DATA_KEY, relitLayerData } from './relit-layer-data.js'
import { describeRun } from './relit-layer-name.js'
import { renderedBox } from './rendered-box.js'
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
  const images = createImages(request)
  if (!Array.isArray(images)) return { error: `Figma could not use a result image (${images.reason}).` }
  const { x } = figma.viewport.center
  const rowWidth = images.length * size.width + (images.length - 1) * PLACEMENT_GAP
  const left = x - rowWidth / 2
  const y = freeRowTop(left, figma.viewport.center.y - size.height / 2, rowWidth, size.height)
  const page = figma.currentPage
  try {
    const nodes = placeRectangles(
      page,
      page.children.length,
      images.map((image, index) => ({
        box: {
          x: Math.round(left + index * (size.width + PLACEMENT_GAP)),
          y: Math.round(y),
          width: size.width,
          height: size.height
        },
        name: `Relit · ${describeRun(request.params.prompt, request.params.lightSource)}`,
        image,
        pluginData: relitLayerData(request.params, request.sourceId, request.variations?.[index] ?? index)
      })),
      PLUGIN_DATA_KEY
    )
    if (request.runId === undefined) showInsertedLayers(nodes)
    return { nodeIds: nodes.map((node) => node.id) }
  } catch (error) {
    return {
      error: `Figma could not place the results: ${error instanceof Error ? error.message : String(error)}`
    }
  }
}

/** The row's top, moved down past whatever it would cover (e.g. an earlier job's row). */
function freeRowTop(left: number, top: number, width: number, height: number): number {
  const obstacles = figma.currentPage.children.filter((node) => node.visible).map(renderedBox)
  let y = top
  for (let tries = 0; tries < 100; tries++) {
    const box = { x: left, y, width, height }
    const blocker = obstacles.find((obstacle) => overlaps(box, obstacle))
    if (blocker === undefined) return y
    y = blocker.y + blocker.height + PLACEMENT_GAP
  }
  return y
}

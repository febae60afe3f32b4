import type { InsertRequest, InsertResult } from '../protocol/events.js'
import { choosePlacementAsync } from './choose-placement.js'
import { insertAtViewportCenter } from './insert-at-viewport-center.js'
import { insertMatched } from './insert-matched.js'
import { createImages, placeRectangles } from './place-rectangles.js'
import { fileMarker, sourceMark } from './provenance.js'
import { setResultRelaunchData } from './relaunch.js'
import { relitBaseName } from './relit-base-name.js'
import { PLUGIN_DATA_KEY, recordedSourceName, relitLayerData } from './relit-layer-data.js'
import { describeRun, nextNumber } from './relit-layer-name.js'
import { pageOf } from './rendered-box.js'
import { showInsertedLayers } from './show-inserted-layers.js'

export { PLUGIN_DATA_KEY } from './relit-layer-data.js'

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Places each result as a rectangle with an image fill at the size the source renders at, in a free row
 * beside it where it stays visible (see choosePlacementAsync), on the source's page. Nothing is created
 * until the place and every image are known to work. Without a run id it also selects the new layers,
 * scrolls to them and commits one undo step; within a run, main does that once for the whole run.
 */
export async function insertResultsAsync(request: InsertRequest): Promise<InsertResult> {
  const source = await figma.getNodeByIdAsync(request.sourceId)
  if (source === null || !('visible' in source) || source.removed || source.parent === null) {
    if (request.withoutSource) return insertAtViewportCenter(request, request.withoutSource)
    return { error: 'The original layer was deleted, so the results were not placed. Relight it again.' }
  }
  if (request.scene !== undefined) return insertMatched({ ...request, scene: request.scene }, source)
  let placement
  try {
    placement = await choosePlacementAsync(source, request.images.length)
  } catch (error) {
    return { error: `Relight found no place for the results of “${source.name}”: ${reasonOf(error)}` }
  }
  const images = createImages(request)
  if (!Array.isArray(images)) {
    return {
      error: `Figma could not use a result image for “${source.name}” (${images.reason}). Try a smaller size or another output format.`
    }
  }
  // A result relit as itself (its source is gone) is still named after the original, never "… 2 · … 1".
  const baseName = recordedSourceName(source) ?? relitBaseName(source.name)
  const { parent, anchor, slots } = placement
  const prefix = `${baseName} · ${describeRun(request.params.prompt, request.params.lightSource)} `
  const first = nextNumber(
    parent.children.map((node) => node.name),
    prefix
  )
  let nodes: RectangleNode[]
  try {
    const provenance = { fileId: fileMarker(), sourceMark: sourceMark(source) }
    nodes = placeRectangles(
      parent,
      parent.children.indexOf(anchor) + 1,
      images.map((image, index) => ({
        box: slots[index],
        name: `${prefix}${first + index}`,
        image,
        pluginData: relitLayerData(request.params, source.id, request.variations?.[index] ?? index, {
          ...provenance,
          sourceName: baseName
        })
      })),
      PLUGIN_DATA_KEY
    )
  } catch (error) {
    return { error: `Figma could not place the results of “${source.name}”: ${reasonOf(error)}` }
  }
  for (const node of nodes) setResultRelaunchData(node, request.params, baseName)
  if (request.runId === undefined) showInsertedLayers(nodes, [source])
  const page = pageOf(parent)
  const elsewhere = page !== null && page !== figma.currentPage
  return {
    nodeIds: nodes.map((node) => node.id),
    sourceId: source.id,
    ...(elsewhere ? { page: { id: page.id, name: page.name } } : {})
  }
}

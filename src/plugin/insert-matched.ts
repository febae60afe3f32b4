import type { InsertRequest, InsertResult, SceneShadow } from '../protocol/events.js'
import { createImages, placeRectangles, type RectangleSpec } from './place-rectangles.js'
import { fileMarker, sourceMark } from './provenance.js'
import { relitBaseName } from './relit-base-name.js'
import { PLUGIN_DATA_KEY, relitLayerData } from './relit-layer-data.js'
import { pageOf, renderedBox } from './rendered-box.js'
import { showInsertedLayers } from './show-inserted-layers.js'

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Match background's results: the relit subject exactly over the original (so it composes with the
 * background already behind it), its shadow as a layer beneath, grouped as "<subject> · matched to
 * <background>" right above the original. With several variations the first is shown and the rest are
 * hidden in the same group, so trying another is one eye toggle. All or nothing, like every insert.
 */
export function insertMatched(
  request: InsertRequest & { readonly scene: NonNullable<InsertRequest['scene']> },
  source: SceneNode
): InsertResult {
  const parent = source.parent
  if (parent === null || !('insertChild' in parent)) {
    return { error: `“${source.name}” has no container to place its matched result in.` }
  }
  const images = createImages(request)
  if (!Array.isArray(images)) {
    return { error: `Figma could not use a result image for “${source.name}” (${images.reason}).` }
  }
  const box = renderedBox(source)
  const baseName = relitBaseName(source.name)
  const provenance = { fileId: fileMarker(), sourceMark: sourceMark(source) }
  const specs: RectangleSpec[] = []
  const shadow = request.scene.shadow
  let shadowImage: Image | undefined
  if (shadow !== undefined) {
    try {
      shadowImage = figma.createImage(shadow.bytes)
    } catch (error) {
      return { error: `Figma could not use the shadow of “${source.name}” (${reasonOf(error)}).` }
    }
    specs.push(shadowSpec(shadow, shadowImage, box, baseName, request))
  }
  images.forEach((image, index) => {
    specs.push({
      box,
      name: images.length === 1 ? `${baseName} · matched` : `${baseName} · matched ${index + 1}`,
      image,
      pluginData: relitLayerData(request.params, source.id, index, provenance)
    })
  })
  const at = parent.children.indexOf(source) + 1
  let group: GroupNode
  try {
    const nodes = placeRectangles(parent, at, specs, PLUGIN_DATA_KEY)
    nodes.slice(shadow !== undefined ? 2 : 1).forEach((node) => (node.visible = false))
    try {
      group = figma.group(nodes, parent, at)
    } catch (error) {
      for (const node of nodes) if (!node.removed) node.remove()
      throw error
    }
    group.name = `${baseName} · matched to ${request.scene.backgroundName}`
  } catch (error) {
    return { error: `Figma could not place the matched result of “${source.name}”: ${reasonOf(error)}` }
  }
  if (request.runId === undefined) showInsertedLayers([group])
  const page = pageOf(parent)
  const elsewhere = page !== null && page !== figma.currentPage
  return { nodeIds: [group.id], ...(elsewhere ? { page: { id: page.id, name: page.name } } : {}) }
}

function shadowSpec(
  shadow: SceneShadow,
  image: Image,
  box: { x: number; y: number },
  baseName: string,
  request: InsertRequest
): RectangleSpec {
  return {
    box: { x: box.x + shadow.x, y: box.y + shadow.y, width: shadow.width, height: shadow.height },
    name: `${baseName} · shadow`,
    image,
    pluginData: JSON.stringify({ shadowOf: request.sourceId, jobId: request.params.jobId })
  }
}

import type { InsertRequest } from '../protocol/events.js'
import { type Box, IDENTITY, invert, multiply, translation } from './geometry.js'

/** The transform a child of `parent` is positioned in: groups and boolean operations are skipped over. */
function containerSpace(parent: BaseNode): Transform {
  let current: BaseNode | null = parent
  while (current !== null && (current.type === 'GROUP' || current.type === 'BOOLEAN_OPERATION')) {
    current = current.parent
  }
  return current === null || current.type === 'PAGE' || !('absoluteTransform' in current)
    ? IDENTITY
    : current.absoluteTransform
}

/** Every result image, or the reason Figma refused one (nothing is on the canvas yet either way). */
export function createImages(request: InsertRequest): Image[] | { readonly reason: string } {
  try {
    return request.images.map((bytes) => figma.createImage(bytes))
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) }
  }
}

export interface RectangleSpec {
  readonly box: Box
  readonly name: string
  readonly image: Image
  readonly pluginData: string
}

/**
 * Image rectangles at upright page boxes, inserted into `parent` from `index` on. All or nothing: when Figma
 * refuses any step, whatever was made is removed again and the error goes on to the caller.
 */
export function placeRectangles(
  parent: BaseNode & ChildrenMixin,
  index: number,
  specs: readonly RectangleSpec[],
  pluginDataKey: string
): RectangleNode[] {
  const space = invert(containerSpace(parent))
  const made: RectangleNode[] = []
  try {
    specs.forEach((spec, offset) => {
      const rectangle = figma.createRectangle()
      made.push(rectangle)
      parent.insertChild(Math.min(index + offset, parent.children.length), rectangle)
      rectangle.name = spec.name
      rectangle.resize(Math.max(0.01, spec.box.width), Math.max(0.01, spec.box.height))
      rectangle.relativeTransform = multiply(space, translation(spec.box.x, spec.box.y))
      rectangle.fills = [{ type: 'IMAGE', imageHash: spec.image.hash, scaleMode: 'FILL' }]
      rectangle.setPluginData(pluginDataKey, spec.pluginData)
    })
    return made
  } catch (error) {
    for (const node of made) if (!node.removed) node.remove()
    throw error
  }
}

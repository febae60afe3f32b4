/**
 * What a layer covers on the canvas: its absoluteRenderBounds (rotation, drop shadows and unclipped children
 * included), which is also what exportAsync renders; the bounding box for a layer Figma reports no render
 * bounds for.
 */
import type { Box } from './geometry.js'

export function renderedBox(node: SceneNode): Box {
  const render = 'absoluteRenderBounds' in node ? node.absoluteRenderBounds : null
  if (render !== null && render.width > 0 && render.height > 0) return render
  const box = node.absoluteBoundingBox
  if (box !== null) return box
  return { x: node.x, y: node.y, width: node.width, height: node.height }
}

export function pageOf(node: BaseNode): PageNode | null {
  let current: BaseNode | null = node
  while (current !== null && current.type !== 'PAGE') current = current.parent
  return current
}

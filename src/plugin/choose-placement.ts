/**
 * Where a source layer's results go. Beside the source, in its parent, when they stay visible there (inside
 * every clipping ancestor) and disturb no layout; otherwise beside the outermost container that would hide
 * or own them, at that container's parent level, up to the page. Never inside an instance, a component set,
 * a boolean operation, a mask group or a main component, and never into an auto-layout frame (it would
 * re-flow). In a row to the right, at the source's rendered size, clear of everything around.
 */
import { type Box, insideTransformedBox } from './geometry.js'
import { planPlacement } from './plan-placement.js'
import { pageOf, renderedBox } from './rendered-box.js'

export interface Placement {
  /** The node the results are inserted into. */
  readonly parent: BaseNode & ChildrenMixin
  /** The layer they sit beside (the source or the container that holds it); they go just above it. */
  readonly anchor: SceneNode
  /** Upright boxes in page coordinates, one per result. */
  readonly slots: readonly Box[]
}

/** Containers whose content belongs to them: whatever goes inside changes what they are. */
const OWNING_TYPES = new Set(['INSTANCE', 'COMPONENT', 'COMPONENT_SET', 'BOOLEAN_OPERATION'])

function isMaskGroup(node: BaseNode): boolean {
  return node.type === 'GROUP' && node.children.some((child) => 'isMask' in child && child.isMask)
}

function isAutoLayout(node: BaseNode): boolean {
  return 'layoutMode' in node && node.layoutMode !== 'NONE'
}

/** A group takes its size from its children: it re-flows an auto-layout frame that holds it. */
function growsAutoLayout(node: BaseNode): boolean {
  let current: BaseNode | null = node
  while (current !== null && (current.type === 'GROUP' || current.type === 'BOOLEAN_OPERATION')) {
    current = current.parent
  }
  return current !== null && current !== node && isAutoLayout(current)
}

/** Whether results may be inserted into `node` (its own kind and everything above it). */
export function canHold(node: BaseNode): boolean {
  if (node.type === 'PAGE') return true
  if (!('appendChild' in node) || node.type === 'DOCUMENT') return false
  if (isAutoLayout(node) || growsAutoLayout(node)) return false
  for (let current: BaseNode | null = node; current !== null; current = current.parent) {
    if (OWNING_TYPES.has(current.type) || isMaskGroup(current)) return false
  }
  return true
}

/** The outermost ancestor (from `parent` up) whose clipping would cut one of `slots`, or null. */
function outermostHider(parent: BaseNode, slots: readonly Box[]): SceneNode | null {
  let hider: SceneNode | null = null
  for (let current: BaseNode | null = parent; current !== null; current = current.parent) {
    if (current.type === 'PAGE' || current.type === 'DOCUMENT') break
    const clips = 'clipsContent' in current && current.clipsContent
    if (!clips) continue
    const frame = current as SceneNode & LayoutMixin
    const cut = slots.some(
      (slot) => !insideTransformedBox(slot, frame.absoluteTransform, frame.width, frame.height)
    )
    if (cut) hider = frame
  }
  return hider
}

/** Boxes the results must not cover: the anchor's siblings, and the siblings of every container above it. */
function obstaclesAround(anchor: SceneNode): Box[] {
  const boxes: Box[] = []
  let child: BaseNode = anchor
  for (let parent = anchor.parent; parent !== null && parent.type !== 'DOCUMENT'; parent = parent.parent) {
    for (const sibling of parent.children) {
      if (sibling === child || !sibling.visible) continue
      boxes.push(renderedBox(sibling))
    }
    child = parent
  }
  return boxes
}

function rowBeside(anchor: SceneNode, source: Box, count: number): Box[] {
  const around = renderedBox(anchor)
  // A start box whose right edge is the anchor's: the row begins one gap after it, at the source's size.
  const start = {
    x: around.x + around.width - source.width,
    y: source.y,
    width: source.width,
    height: source.height
  }
  return planPlacement(start, obstaclesAround(anchor), count)
}

export async function choosePlacementAsync(source: SceneNode, count: number): Promise<Placement> {
  const page = pageOf(source)
  // dynamic-page: a page's children can be read only once it is loaded (ChildrenMixin.children).
  if (page !== null) await page.loadAsync()
  const box = renderedBox(source)
  let anchor: SceneNode = source
  for (;;) {
    const parent = anchor.parent
    if (parent === null) throw new Error('The layer is not on a page.')
    if (parent.type === 'PAGE') return { parent, anchor, slots: rowBeside(anchor, box, count) }
    if (!canHold(parent)) {
      anchor = parent as SceneNode
      continue
    }
    const slots = rowBeside(anchor, box, count)
    const hider = outermostHider(parent, slots)
    if (hider === null) return { parent, anchor, slots }
    anchor = hider
  }
}

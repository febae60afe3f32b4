/**
 * Match background's selection: two layers where one covers part of the other (the upper one in the layer
 * order is the subject, the lower its background; a layer named "… mask" makes the pair a mask pair
 * instead), or one layer standing on the sibling right behind it, when that sibling holds it entirely, or
 * one layer inside a frame (or group) that shows around it: a visible fill, or layers behind it.
 *
 * A subject selected together with the frame it sits in never reaches here as a pair: "the array will never
 * contain both a node and one of its descendents" (plugin-api.d.ts, PageNode.selection), so Figma keeps the
 * frame alone; the subject selected alone finds the frame.
 */
import type { SceneSelection } from '../protocol/events.js'
import { canHold } from './choose-placement.js'
import { isAbove } from './find-mask-layer.js'
import { isExportable } from './is-exportable.js'
import { renderedBox } from './rendered-box.js'

const MASK_NAME = /(^|\s)mask$/i

/** A picture that fills more of its frame than this is the frame's picture, not a subject standing in it. */
const MAX_SHARE_OF_FRAME = 0.5

export function scenePair(nodes: readonly SceneNode[]): SceneSelection | undefined {
  // The match is placed over the subject, in its parent: where that would re-flow an auto layout or change
  // an instance (choose-placement.ts), there is no place for it.
  if (nodes.length === 1) {
    const parent = nodes[0].parent
    return parent !== null && canHold(parent) ? (behind(nodes[0]) ?? within(nodes[0])) : undefined
  }
  if (nodes.length !== 2) return undefined
  const [a, b] = nodes
  if (!isExportable(a) || !isExportable(b)) return undefined
  if (MASK_NAME.test(a.name.trim()) || MASK_NAME.test(b.name.trim())) return undefined
  const subject = isAbove(a, b) ? a : b
  const background = subject === a ? b : a
  if (subject.parent === null || !canHold(subject.parent)) return undefined
  const s = renderedBox(subject)
  const g = renderedBox(background)
  const overlaps = s.x < g.x + g.width && s.x + s.width > g.x && s.y < g.y + g.height && s.y + s.height > g.y
  if (!overlaps) return undefined
  return scene(subject, background, true)
}

/** The sibling right behind `subject` when it holds the subject's whole box (a backdrop it stands on). */
function behind(subject: SceneNode): SceneSelection | undefined {
  const parent = subject.parent
  if (parent === null || !isExportable(subject) || MASK_NAME.test(subject.name.trim())) return undefined
  const below = parent.children[parent.children.indexOf(subject) - 1]
  if (below === undefined || !isExportable(below) || MASK_NAME.test(below.name.trim())) return undefined
  const s = renderedBox(subject)
  const g = renderedBox(below)
  const holds = s.x >= g.x && s.y >= g.y && s.x + s.width <= g.x + g.width && s.y + s.height <= g.y + g.height
  return holds ? scene(subject, below, false) : undefined
}

/**
 * The nearest frame or group holding `subject` that shows around it: a visible fill of its own, or a visible
 * layer behind the subject. Exported, it renders the subject too; it is taken out before the light is read.
 */
function within(subject: SceneNode): SceneSelection | undefined {
  if (!isExportable(subject) || MASK_NAME.test(subject.name.trim())) return undefined
  const s = renderedBox(subject)
  let child: SceneNode = subject
  for (let parent = subject.parent; parent !== null && isContainer(parent); parent = parent.parent) {
    if (isExportable(parent)) {
      const g = renderedBox(parent)
      const share = (s.width * s.height) / (g.width * g.height)
      if (share > MAX_SHARE_OF_FRAME) return undefined
      if (hasVisibleFill(parent) || layersBehind(parent, child))
        return { ...scene(subject, parent, false), within: true }
    }
    child = parent
  }
  return undefined
}

type Container = SceneNode & ChildrenMixin

function isContainer(node: BaseNode): node is Container {
  return (
    node.type === 'FRAME' ||
    node.type === 'GROUP' ||
    node.type === 'COMPONENT' ||
    node.type === 'INSTANCE' ||
    node.type === 'SECTION'
  )
}

function hasVisibleFill(node: SceneNode): boolean {
  if (!('fills' in node) || !Array.isArray(node.fills)) return false
  // Figma.mixed fills (text ranges) are not an array: no frame has them.
  return (node.fills as readonly Paint[]).some((paint) => paint.visible !== false && paint.opacity !== 0)
}

function layersBehind(parent: Container, child: SceneNode): boolean {
  const below = parent.children.slice(0, parent.children.indexOf(child))
  return below.some((node) => node.visible)
}

function scene(subject: SceneNode, background: SceneNode, chosen: boolean): SceneSelection {
  const s = renderedBox(subject)
  const g = renderedBox(background)
  return {
    chosen,
    subjectId: subject.id,
    subjectName: subject.name,
    backgroundId: background.id,
    backgroundName: background.name,
    placement: {
      x: (s.x - g.x) / g.width,
      y: (s.y - g.y) / g.height,
      width: s.width / g.width,
      height: s.height / g.height
    }
  }
}

/**
 * Match background's selection: two layers where one covers part of the other (the upper one in the layer
 * order is the subject, the lower its background; a layer named "… mask" makes the pair a mask pair
 * instead), or one layer standing on the sibling right behind it, when that sibling holds it entirely.
 */
import type { SceneSelection } from '../protocol/events.js'
import { isAbove } from './find-mask-layer.js'
import { isExportable } from './is-exportable.js'
import { renderedBox } from './rendered-box.js'

const MASK_NAME = /(^|\s)mask$/i

export function scenePair(nodes: readonly SceneNode[]): SceneSelection | undefined {
  if (nodes.length === 1) return behind(nodes[0])
  if (nodes.length !== 2) return undefined
  const [a, b] = nodes
  if (!isExportable(a) || !isExportable(b)) return undefined
  if (MASK_NAME.test(a.name.trim()) || MASK_NAME.test(b.name.trim())) return undefined
  const subject = isAbove(a, b) ? a : b
  const background = subject === a ? b : a
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

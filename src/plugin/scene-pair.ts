/**
 * Match background's selection: two layers where one covers part of the other. The upper one in the layer
 * order is the subject, the lower its background; a layer named "… mask" makes the pair a mask pair instead.
 */
import type { SceneSelection } from '../protocol/events.js'
import { isAbove } from './find-mask-layer.js'
import { isExportable } from './is-exportable.js'
import { renderedBox } from './rendered-box.js'

const MASK_NAME = /(^|\s)mask$/i

export function scenePair(nodes: readonly SceneNode[]): SceneSelection | undefined {
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
  return {
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

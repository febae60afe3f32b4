import type { ExportedBackground } from '../protocol/events.js'
import { isExportable } from './is-exportable.js'
import { renderedBox } from './rendered-box.js'

/**
 * Long side the background is exported at. Its light is read from a grid of a few dozen cells, and only the
 * relit subject comes back, so a larger export would only cost upload time.
 */
export const BACKGROUND_SIDE = 1024

/** The background layer as PNG, and where `subject` stands on it (fractions of its rendered box). */
export async function exportBackgroundAsync(
  subject: SceneNode,
  backgroundId: string
): Promise<ExportedBackground | { readonly error: string }> {
  const node = await figma.getNodeByIdAsync(backgroundId)
  if (node === null || !('visible' in node) || !isExportable(node)) {
    return { error: 'The background layer is gone or hidden. Select the subject and its background again.' }
  }
  const s = renderedBox(subject)
  const g = renderedBox(node)
  const wide = g.width >= g.height
  const value = Math.min(BACKGROUND_SIDE, Math.max(1, Math.round(wide ? g.width : g.height)))
  const bytes = await node.exportAsync({
    format: 'PNG',
    constraint: { type: wide ? 'WIDTH' : 'HEIGHT', value }
  })
  const scale = value / (wide ? g.width : g.height)
  return {
    ...(holds(node, subject) ? { within: true } : {}),
    id: node.id,
    name: node.name,
    bytes,
    width: Math.max(1, Math.round(g.width * scale)),
    height: Math.max(1, Math.round(g.height * scale)),
    placement: {
      x: (s.x - g.x) / g.width,
      y: (s.y - g.y) / g.height,
      width: s.width / g.width,
      height: s.height / g.height
    }
  }
}

/**
 * Whether `subject` sits inside `background`. Its export then shows the subject too: the document is left
 * as it is (hiding the subject for the export would be an edit a designer could see, or undo, if the
 * export failed or the plugin closed half-way), and the UI takes the subject's pixels out instead.
 */
function holds(background: BaseNode, subject: BaseNode): boolean {
  for (let node = subject.parent; node !== null; node = node.parent) if (node === background) return true
  return false
}

import { invert, multiply } from './geometry.js'
import { pageOf, renderedBox } from './rendered-box.js'

/**
 * The mask layer's pixels over exactly the subject's rendered box, at the same export constraint as the
 * subject (so the same pixel size): a temporary clipping frame at that box holds a visible copy of the mask
 * where the mask is on the canvas; it is exported and removed again, leaving the document as it was.
 */
export async function exportMaskAsync(
  subject: SceneNode,
  mask: SceneNode,
  constraint: { readonly type: 'WIDTH' | 'HEIGHT'; readonly value: number }
): Promise<Uint8Array> {
  const box = renderedBox(subject)
  const page = pageOf(subject)
  if (page === null) throw new Error('The layer is not on a page.')
  const frame = figma.createFrame()
  try {
    if (frame.parent !== page) page.appendChild(frame)
    frame.name = 'Relight mask (temporary)'
    frame.fills = []
    frame.clipsContent = true
    frame.resize(box.width, box.height)
    frame.x = box.x
    frame.y = box.y
    const copy = mask.clone()
    frame.appendChild(copy)
    copy.visible = true
    if ('isMask' in copy) copy.isMask = false
    copy.relativeTransform = multiply(invert(frame.absoluteTransform), mask.absoluteTransform)
    return await frame.exportAsync({ format: 'PNG', constraint })
  } finally {
    if (!frame.removed) frame.remove()
  }
}

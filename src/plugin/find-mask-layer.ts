/**
 * The layer that serves as a subject's mask (maskMode "image"). With two layers selected, the one named
 * "… mask" is the mask, or else the upper one. With the subject alone, a sibling right next to it (just above
 * or below) named "<anything> mask", preferring "<subject> mask" anywhere beside it.
 */
const MASK_NAME = /(^|\s)mask$/i

function isMaskCandidate(node: SceneNode): boolean {
  return 'exportAsync' in node && node.type !== 'SLICE' && node.width >= 1 && node.height >= 1
}

/** Indices from the page down to `node`: a later path is drawn on top. */
function stackPath(node: BaseNode): number[] {
  const path: number[] = []
  for (let current = node; current.parent !== null; current = current.parent) {
    path.unshift(current.parent.children.indexOf(current as SceneNode))
  }
  return path
}

/** Whether `a` is drawn over `b`. */
export function isAbove(a: SceneNode, b: SceneNode): boolean {
  const pa = stackPath(a)
  const pb = stackPath(b)
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i] > pb[i]
  return pa.length > pb.length
}

/** Of two selected layers, which is the mask and which the subject; undefined when neither can be. */
export function splitMaskPair(
  a: SceneNode,
  b: SceneNode
): { readonly subject: SceneNode; readonly mask: SceneNode } | undefined {
  const named = [a, b].filter((node) => MASK_NAME.test(node.name.trim()))
  // Figma leaves the selection's order unspecified (PageNode.selection), so "upper" is the layer order.
  const mask = named.length === 1 ? named[0] : isAbove(a, b) ? a : b
  const subject = mask === a ? b : a
  return isMaskCandidate(mask) ? { subject, mask } : undefined
}

/** The sibling that masks `subject`, if one is named so and sits next to it. */
export function siblingMask(subject: SceneNode): SceneNode | undefined {
  const parent = subject.parent
  if (parent === null) return undefined
  const siblings = parent.children
  const at = siblings.indexOf(subject)
  const exact = `${subject.name.trim()} mask`.toLowerCase()
  const beside = [siblings[at + 1], siblings[at - 1]].filter(
    (node): node is SceneNode => node !== undefined && isMaskCandidate(node)
  )
  return (
    beside.find((node) => node.name.trim().toLowerCase() === exact) ??
    beside.find((node) => MASK_NAME.test(node.name.trim()))
  )
}

/** The mask for `subject` given the current selection. */
export function maskLayerFor(subject: SceneNode, selection: readonly SceneNode[]): SceneNode | undefined {
  if (selection.length === 2 && selection.includes(subject)) {
    const pair = splitMaskPair(selection[0], selection[1])
    if (pair !== undefined) return pair.subject === subject ? pair.mask : undefined
  }
  if (selection.length <= 1 || !selection.includes(subject)) return siblingMask(subject)
  return undefined
}

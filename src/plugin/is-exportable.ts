/** A layer Relight can export: visible, at least 1×1 px, and not a slice (which has no pixels of its own). */
export function isExportable(node: SceneNode): node is SceneNode & ExportMixin & LayoutMixin {
  return (
    'exportAsync' in node &&
    'width' in node &&
    node.type !== 'SLICE' &&
    node.visible &&
    node.width >= 1 &&
    node.height >= 1
  )
}

/**
 * Selects the layers of one run that are on the current page, scrolls them into view, and commits
 * everything the run changed as one undo step.
 */
export function showInsertedLayers(nodes: readonly SceneNode[]): void {
  const live = nodes.filter((node) => !node.removed && pageOf(node) === figma.currentPage)
  if (live.length > 0) {
    figma.currentPage.selection = live
    figma.viewport.scrollAndZoomIntoView(live)
  }
  if (nodes.length > 0) figma.commitUndo()
}

function pageOf(node: BaseNode): BaseNode | null {
  let current: BaseNode | null = node
  while (current !== null && current.type !== 'PAGE') current = current.parent
  return current
}

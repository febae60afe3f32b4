import { pluralize } from '@create-figma-plugin/utilities'

import { pageOf } from './rendered-box.js'

/**
 * Selects the layers of one run that are on the current page, frames them with their originals, and commits
 * everything the run changed as one undo step. Layers that went beside their source on another page are not
 * pulled into view behind the designer's back: a toast says where they are, with a button to go there.
 */
export function showInsertedLayers(nodes: readonly SceneNode[], sources: readonly SceneNode[] = []): void {
  const live = nodes.filter((node) => !node.removed)
  const here = live.filter((node) => pageOf(node) === figma.currentPage)
  if (here.length > 0) {
    figma.currentPage.selection = here
    // The originals are framed too, so the designer sees before and after side by side.
    const originals = sources.filter(
      (source, index) =>
        !source.removed && pageOf(source) === figma.currentPage && sources.indexOf(source) === index
    )
    figma.viewport.scrollAndZoomIntoView([...originals, ...here])
  }
  const elsewhere = new Map<PageNode, SceneNode[]>()
  for (const node of live) {
    const page = pageOf(node)
    if (page === null || page === figma.currentPage) continue
    elsewhere.set(page, [...(elsewhere.get(page) ?? []), node])
  }
  for (const [page, onPage] of elsewhere) tellWhere(page, onPage)
  if (nodes.length > 0) figma.commitUndo()
}

function tellWhere(page: PageNode, nodes: readonly SceneNode[]): void {
  const count = nodes.length
  figma.notify(
    `${count} ${pluralize(count, 'relit layer')} went beside ${pluralize(count, 'its', 'their')} original on page “${page.name}”.`,
    {
      timeout: 10_000,
      button: {
        text: 'Show',
        action: () => {
          void showOnPageAsync(page, nodes)
        }
      }
    }
  )
}

async function showOnPageAsync(page: PageNode, nodes: readonly SceneNode[]): Promise<void> {
  await figma.setCurrentPageAsync(page)
  const live = nodes.filter((node) => !node.removed)
  page.selection = live
  if (live.length > 0) figma.viewport.scrollAndZoomIntoView(live)
}

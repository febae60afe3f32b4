/**
 * The Layers list: the page's layers top-most first, children indented, the selection highlighted. Clicking
 * a name selects that layer; shift-click adds it to (or removes it from) the selection.
 */
import type { DocumentModel } from '../fake-figma/document.js'
import { ContainerNode, type SceneNode } from '../fake-figma/nodes.js'

const ICONS = {
  FRAME:
    '<path d="M3.5 0v3.5H0v1h3.5v7H0v1h3.5V16h1v-3.5h7V16h1v-3.5H16v-1h-3.5v-7H16v-1h-3.5V0h-1v3.5h-7V0zm1 4.5h7v7h-7z"/>',
  IMAGE:
    '<path d="M2 3h12v10H2zm1 1v6.3l2.6-2.6 2.9 2.9 1.6-1.6L13 11.9V4zm0 8v0h9.6l-2.5-2.5-1.6 1.6-2.9-2.9L3 11.8zM11 6.5a1 1 0 1 1-2 0 1 1 0 0 1 2 0"/>',
  RECTANGLE: '<path d="M2.5 2.5h11v11h-11zm1 1v9h9v-9z"/>'
}

function iconFor(node: SceneNode): string {
  const kind =
    node instanceof ContainerNode
      ? 'FRAME'
      : node.fills.some((f) => f.type === 'IMAGE')
        ? 'IMAGE'
        : 'RECTANGLE'
  return `<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">${ICONS[kind]}</svg>`
}

export class LayersPanel {
  readonly element = document.createElement('aside')
  private readonly tree = document.createElement('div')

  constructor(private readonly model: DocumentModel) {
    this.element.className = 'layers-panel'
    const tabs = document.createElement('div')
    tabs.className = 'panel-tabs'
    tabs.innerHTML = '<span class="tab active">Layers</span><span class="tab">Assets</span>'
    const page = document.createElement('div')
    page.className = 'page-row'
    page.innerHTML = '<span class="section-title">Pages</span><div class="page-name">Page 1</div>'
    const heading = document.createElement('div')
    heading.className = 'section-title layers-title'
    heading.textContent = 'Layers'
    this.tree.setAttribute('role', 'tree')
    this.tree.setAttribute('aria-label', 'Layers')
    this.tree.setAttribute('aria-multiselectable', 'true')
    this.tree.className = 'tree'
    this.element.append(tabs, page, heading, this.tree)
    model.onChange(() => this.render())
  }

  render(): void {
    const rows: HTMLElement[] = []
    const add = (nodes: readonly SceneNode[], depth: number) => {
      for (const node of [...nodes].reverse()) {
        rows.push(this.row(node, depth))
        if (node instanceof ContainerNode) add(node.children, depth + 1)
      }
    }
    add(this.model.currentPage.contents, 0)
    this.tree.replaceChildren(...rows)
  }

  private row(node: SceneNode, depth: number): HTMLElement {
    const selected = this.model.currentPage.selection.includes(node)
    const row = document.createElement('div')
    row.className = selected ? 'layer-row selected' : 'layer-row'
    row.setAttribute('role', 'treeitem')
    row.setAttribute('aria-selected', String(selected))
    row.setAttribute('aria-level', String(depth + 1))
    row.dataset.id = node.id
    row.tabIndex = -1
    row.style.paddingLeft = `${8 + depth * 16}px`
    row.innerHTML = iconFor(node)
    const name = document.createElement('span')
    name.className = 'layer-name'
    name.textContent = node.name
    row.append(name)
    if (!node.visible) row.classList.add('hidden-layer')
    row.addEventListener('click', (event) => {
      const page = this.model.currentPage
      if (event.shiftKey) {
        page.selection = selected ? page.selection.filter((n) => n !== node) : [...page.selection, node]
      } else {
        page.selection = [node]
      }
    })
    return row
  }
}

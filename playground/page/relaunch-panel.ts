/**
 * The properties panel's relaunch section: for the selection, a button per relaunch command a node carries
 * (node.setRelaunchData) that the manifest declares, named as the manifest names it, with the node's
 * description under it. "If the command passed to this method does not match a command in the manifest,
 * nothing will be displayed" and buttons without `multipleSelection` show only for a single node
 * (plugin-api.d.ts, setRelaunchData; developers.figma.com/docs/plugins/manifest, relaunchButtons).
 */
import type { DocumentModel } from '../fake-figma/document.js'
import type { Manifest } from '../fake-figma/figma.js'

export class RelaunchPanel {
  readonly element = document.createElement('section')
  private manifest: Manifest | undefined

  constructor(
    private readonly model: DocumentModel,
    private readonly onRelaunch: (command: string) => void
  ) {
    this.element.className = 'relaunch-panel'
    this.element.setAttribute('aria-label', 'Relaunch')
    model.onSelectionChange(() => this.render())
    model.onChange(() => this.render())
  }

  setManifest(manifest: Manifest): void {
    this.manifest = manifest
    this.render()
  }

  render(): void {
    const selection = this.model.currentPage.selection
    const buttons = this.manifest?.relaunchButtons ?? []
    const rows: HTMLElement[] = []
    for (const button of buttons) {
      if (selection.length === 0 || (selection.length > 1 && button.multipleSelection !== true)) continue
      const descriptions = selection.map((node) => node.getRelaunchData()[button.command])
      if (descriptions.some((description) => description === undefined)) continue
      const row = document.createElement('div')
      row.className = 'relaunch-row'
      const action = document.createElement('button')
      action.type = 'button'
      action.textContent = button.name
      action.addEventListener('click', () => this.onRelaunch(button.command))
      row.append(action)
      const description = selection.length === 1 ? descriptions[0] : ''
      if (description) {
        const text = document.createElement('p')
        text.textContent = description
        row.append(text)
      }
      rows.push(row)
    }
    this.element.hidden = rows.length === 0
    const title = document.createElement('div')
    title.className = 'section-title'
    title.textContent = 'Relight'
    this.element.replaceChildren(title, ...rows)
  }
}

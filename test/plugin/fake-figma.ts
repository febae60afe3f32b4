/**
 * The plugin's unit tests run its main thread against the playground's fake Figma (playground/fake-figma),
 * headless: the same document model and API rules the browser playground uses. This file only adds test
 * conveniences: building layers, recording what the plugin asked exportAsync for, and forcing an export to
 * fail.
 */
import type { PageNode } from '../../playground/fake-figma/document.js'
import { createHeadlessFigma, type Headless } from '../../playground/fake-figma/headless.js'
import type {
  ContainerNode,
  ContainerType,
  LeafType,
  SceneNode as FakeSceneNode
} from '../../playground/fake-figma/nodes.js'
import { encodePng } from '../../playground/fake-figma/png-encode.js'

export type FakeNode = FakeSceneNode
export type FakeContainer = ContainerNode

export interface FakeFigma extends Headless {
  /** The PluginAPI surface the plugin uses (installed as the global `figma`). */
  readonly api: Record<string, unknown>
  readonly root: Headless['model']['root']
  readonly currentPage: PageNode
  readonly undoCommits: number
  readonly scrolledTo: FakeNode[][]
  readonly notifications: string[]
  readonly posted: unknown[]
  readonly showUICalls: { html: string; options: Record<string, unknown> }[]
  /** clientStorage as stored values. */
  readonly storage: Headless['storage'] & {
    get(key: string): unknown
    set(key: string, value: unknown): void
  }
  /** Every exportAsync call the plugin made on `node`, with its settings. */
  exportsOf(node: FakeNode): unknown[]
  /** Makes exportAsync on `node` fail, as Figma does for a layer it cannot render. */
  failExports(node: FakeNode): void
  /** Puts nodes into a parent as a fixture (no reparenting rules: e.g. an instance's own layers). */
  add(parent: PageNode | ContainerNode, ...nodes: FakeNode[]): void
  /** A second page, unloaded as dynamic-page documents open. */
  addPage(name: string): PageNode
  fire(event: 'selectionchange' | 'currentpagechange'): void
}

let current: FakeFigma | null = null

export function createFakeFigma(): FakeFigma {
  const headless = createHeadlessFigma()
  const { model, ui, viewport, toasts, runtime } = headless
  const exports = new Map<string, unknown[]>()
  const failing = new Set<string>()
  const exportNodeAsync = model.exportNodeAsync.bind(model)
  model.exportNodeAsync = (node, settings) => {
    exports.set(node.id, [...(exports.get(node.id) ?? []), settings])
    if (failing.has(node.id)) return Promise.reject(new Error('in exportAsync: Failed to render the node'))
    return exportNodeAsync(node, settings)
  }
  const storage = Object.assign(headless.storage, {
    get: (key: string): unknown => {
      const text = headless.storage.getItem(key)
      return text === null ? undefined : (JSON.parse(text) as unknown)
    },
    set: (key: string, value: unknown) => headless.storage.setItem(key, JSON.stringify(value))
  })
  const fake: FakeFigma = {
    ...headless,
    api: runtime.figma,
    root: model.root,
    get currentPage() {
      return model.currentPage
    },
    get undoCommits() {
      return model.undoCommits
    },
    scrolledTo: viewport.scrolledTo,
    get notifications() {
      return toasts.map((toast) => toast.message)
    },
    posted: ui.posted,
    get showUICalls() {
      return ui.shown.map(({ html, options }) => ({ html, options: { ...options } }))
    },
    storage,
    exportsOf: (node) => exports.get(node.id) ?? [],
    failExports: (node) => void failing.add(node.id),
    // Building the document is the designer's doing, not part of a plugin's undo step.
    add(parent, ...nodes) {
      model.asEditor(() => {
        for (const node of nodes) parent.adopt(node)
      })
    },
    addPage(name) {
      const page = model.addPage(name)
      page.loaded = false
      return page
    },
    fire: (event) => runtime.emit(event)
  }
  current = fake
  return fake
}

/** Installs `fake` as the global `figma` the plugin code reads. */
export function installFigma(fake: FakeFigma): void {
  ;(globalThis as { figma?: unknown }).figma = fake.api
}

export interface LayerOptions {
  visible?: boolean
  rotation?: number
  clipsContent?: boolean
  layoutMode?: 'NONE' | 'HORIZONTAL' | 'VERTICAL'
  isMask?: boolean
  effects?: readonly unknown[]
}

type LayerBox = { x?: number; y?: number; width: number; height: number }

/** A detached layer in the current fake's document, at `box` in its future parent's space. */
export function layer(type: ContainerType, name: string, box: LayerBox, options?: LayerOptions): ContainerNode
export function layer(type: LeafType, name: string, box: LayerBox, options?: LayerOptions): FakeNode
export function layer(
  type: ContainerType | LeafType,
  name: string,
  box: LayerBox,
  options: LayerOptions = {}
): FakeNode {
  if (current === null) throw new Error('createFakeFigma() first')
  return current.model.asEditor(() => buildLayer(current!.model, type, name, box, options))
}

function buildLayer(
  model: FakeFigma['model'],
  type: ContainerType | LeafType,
  name: string,
  box: LayerBox,
  options: LayerOptions
): FakeNode {
  const node = model.createNode(type, name)
  // Groups and boolean operations take their box from their children.
  if (type !== 'GROUP' && type !== 'BOOLEAN_OPERATION') {
    node.resize(box.width, box.height)
    node.x = box.x ?? 0
    node.y = box.y ?? 0
  }
  if (options.rotation !== undefined) node.rotation = options.rotation
  if (options.visible !== undefined) node.visible = options.visible
  if (options.isMask !== undefined) node.isMask = options.isMask
  if (options.effects !== undefined) node.effects = options.effects as never
  const container = node as ContainerNode
  if (options.clipsContent !== undefined) container.clipsContent = options.clipsContent
  if (options.layoutMode !== undefined) container.layoutMode = options.layoutMode
  return node
}

/** A real PNG of the given size, as the gateway returns. */
export function png(width = 8, height = 8): Uint8Array {
  return encodePng(width, height, new Uint8Array(width * height * 4).fill(200))
}

/**
 * The `figma` global a plugin's main thread sees, over a document model and an editor host. Only what a
 * plugin like Relight uses is here, with Figma's semantics (asynchronous events, frozen arrays, the
 * documentAccess: "dynamic-page" restrictions); anything else is simply absent, as an unknown property.
 * No DOM: the host supplies the UI window, toasts, viewport and storage (a browser or a test).
 */
import { createClientStorage, type StorageBackend } from './client-storage.js'
import type { ContainerNode } from './container-node.js'
import { type DocumentModel, PageNode } from './document.js'
import type { SceneNode } from './nodes.js'

export interface Manifest {
  readonly id: string
  readonly name: string
  readonly documentAccess?: string
  /** "relaunchButtons": [{ "command", "name", "multipleSelection"? }] (developers.figma.com/docs/plugins/manifest). */
  readonly relaunchButtons?: readonly {
    readonly command: string
    readonly name: string
    readonly multipleSelection?: boolean
  }[]
}

export interface Viewport {
  center: { x: number; y: number }
  zoom: number
  readonly bounds: { x: number; y: number; width: number; height: number }
  scrollAndZoomIntoView(nodes: readonly SceneNode[]): void
}

export interface NotifyOptions {
  timeout?: number
  error?: boolean
  button?: { text: string; action: () => boolean | void }
  onDequeue?: (reason: 'timeout' | 'dismiss' | 'action_button_click') => void
}

export interface Toasts {
  notify(message: string, options?: NotifyOptions): { cancel: () => void }
}

export interface ShowUIOptions {
  width?: number
  height?: number
  title?: string
  visible?: boolean
  themeColors?: boolean
  position?: { x: number; y: number }
}

type MessageHandler = (pluginMessage: unknown, props: { origin: string }) => void

/** figma.ui as the plugin sees it, plus what the runtime needs to open and close it. */
export interface PluginUiLike {
  onmessage: MessageHandler | undefined
  /** @internal figma.showUI */
  open(html: string, options?: ShowUIOptions): void
  postMessage(pluginMessage: unknown, options?: { origin?: string }): void
  on(type: 'message', handler: MessageHandler): void
  once(type: 'message', handler: MessageHandler): void
  off(type: 'message', handler: MessageHandler): void
  show(): void
  hide(): void
  resize(width: number, height: number): void
  close(): void
  /** @internal the plugin closed. */
  dispose(): void
}

export interface EditorHost {
  readonly toaster: Toasts
  readonly viewport: Viewport
  readonly storage: StorageBackend
  createUi(pluginId: string, pluginName: string): PluginUiLike
  pluginClosed(): void
}

type EventType = 'selectionchange' | 'currentpagechange' | 'close' | 'run' | 'documentchange' | 'drop'
const EVENT_TYPES: readonly string[] = [
  'selectionchange',
  'currentpagechange',
  'close',
  'run',
  'documentchange',
  'drop'
]
type Callback = (event?: unknown) => void

export interface FigmaRuntime {
  readonly figma: Record<string, unknown>
  readonly ui: PluginUiLike
  /** Fires 'run' once the plugin's top-level code has run. */
  started(): void
  /** Fires an editor event to the plugin's listeners (figma.on). */
  emit(type: EventType, event?: unknown): void
  readonly closed: boolean
}

export function createFigma(
  model: DocumentModel,
  host: EditorHost,
  manifest: Manifest,
  /** The relaunch button's command the plugin runs for; '' from the Plugins menu. */
  command = ''
): FigmaRuntime {
  const dynamicPage = manifest.documentAccess === 'dynamic-page'
  if (dynamicPage) {
    // "If the manifest field is included, no additional page loads will occur when the plugin is run"
    // (developers.figma.com/docs/plugins/manifest, documentAccess): only the current page is loaded.
    for (const page of model.root.pages) page.loaded = page === model.currentPage
  }
  const listeners = new Map<EventType, Set<Callback>>()
  const ui = host.createUi(manifest.id, manifest.name)
  let closed = false

  const emit = (type: EventType, event?: unknown) => {
    for (const callback of [...(listeners.get(type) ?? [])]) callback(event)
  }
  const checkType = (type: string): EventType => {
    if (!EVENT_TYPES.includes(type)) throw new Error(`in on: Unknown event type "${type}"`)
    return type as EventType
  }
  model.pluginOpened()
  const stopSelection = model.onSelectionChange(() => emit('selectionchange'))
  const stopPage = model.onPageChange(() => emit('currentpagechange'))

  const closePlugin = (message?: string) => {
    if (closed) return
    closed = true
    if (typeof message === 'string' && message !== '') host.toaster.notify(message)
    emit('close')
    stopSelection()
    stopPage()
    model.pluginClosed()
    ui.dispose()
    listeners.clear()
    host.pluginClosed()
  }

  const figma: Record<string, unknown> = {
    apiVersion: '1.0.0',
    editorType: 'figma',
    mode: 'default',
    // "The currently executing command from the manifest file" (plugin-api.d.ts, PluginAPI.command): a
    // relaunch button's command when run from one.
    command,
    pluginId: manifest.id,
    // "Only private plugins … have access to this" (plugin-api.d.ts, PluginAPI.fileKey).
    fileKey: undefined,
    mixed: Symbol('figma.mixed'),
    skipInvisibleInstanceChildren: false,
    root: model.root,
    ui,
    viewport: host.viewport,
    clientStorage: createClientStorage(host.storage),

    get currentPage(): PageNode {
      return model.currentPage
    },
    /** "If the manifest contains "documentAccess": "dynamic-page", this property is read-only." */
    set currentPage(page: PageNode) {
      if (dynamicPage) {
        throw new Error(
          'in set_currentPage: Cannot call with documentAccess: dynamic-page. Use figma.setCurrentPageAsync instead.'
        )
      }
      if (!(page instanceof PageNode)) throw new Error('in set_currentPage: Expected a page')
      void model.setCurrentPageAsync(page)
    },
    setCurrentPageAsync: (page: PageNode) => model.setCurrentPageAsync(page),
    async loadAllPagesAsync(): Promise<void> {
      for (const page of model.root.pages) await page.loadAsync()
    },

    showUI(html: string, options?: ShowUIOptions) {
      ui.open(html, options)
    },
    on(type: string, callback: Callback) {
      const set = listeners.get(checkType(type)) ?? new Set()
      set.add(callback)
      listeners.set(type as EventType, set)
    },
    once(type: string, callback: Callback) {
      const wrapped: Callback = (event) => {
        listeners.get(type as EventType)?.delete(wrapped)
        callback(event)
      }
      ;(figma.on as (t: string, c: Callback) => void)(type, wrapped)
    },
    off(type: string, callback: Callback) {
      listeners.get(checkType(type))?.delete(callback)
    },

    /** "This function will throw an exception if the plugin manifest contains dynamic-page" (getNodeById). */
    getNodeById(id: string) {
      if (dynamicPage) {
        throw new Error(
          'in getNodeById: Cannot call with documentAccess: dynamic-page. Use figma.getNodeByIdAsync instead.'
        )
      }
      return model.getNode(id)
    },
    async getNodeByIdAsync(id: string) {
      return model.getNode(id)
    },

    createRectangle: () => model.createRectangle(),
    createFrame: () => model.createFrame(),
    /**
     * plugin-api.d.ts `group(nodes, parent, index?)`: "Creates new group containing all the nodes in nodes";
     * "there is no createGroup function — use this instead"; it throws for an empty array (a group cannot
     * be empty). The nodes keep where they are on the canvas: a group has no coordinate space of its own.
     */
    group(nodes: readonly SceneNode[], parent: ContainerNode | PageNode, index?: number) {
      if (nodes.length === 0)
        throw new Error('in group: First argument must be an array of at least one node')
      const group = model.createNode('GROUP', 'Group') as ContainerNode
      parent.insertChild(index ?? parent.children.length, group)
      for (const node of nodes) group.appendChild(node)
      return group
    },
    createImage: (bytes: Uint8Array) => model.images.create(bytes),
    getImageByHash: (hash: string) => model.images.get(hash),

    notify: (message: string, options?: NotifyOptions) => host.toaster.notify(message, options),
    commitUndo() {
      model.commitUndo()
    },
    closePlugin,

    base64Encode(bytes: Uint8Array): string {
      let binary = ''
      for (const byte of bytes) binary += String.fromCharCode(byte)
      return btoa(binary)
    },
    base64Decode(text: string): Uint8Array {
      return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
    }
  }

  return {
    figma,
    ui,
    emit,
    started: () => setTimeout(() => emit('run', { command, parameters: undefined })),
    get closed() {
      return closed
    }
  }
}

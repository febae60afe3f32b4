/**
 * The `figma` global a plugin's main thread sees, over the playground's document and editor. Only what a
 * plugin like Relight uses is here, with Figma's semantics (asynchronous events, frozen arrays, the
 * documentAccess: "dynamic-page" restrictions); anything else is simply absent, as an unknown property.
 */
import { createClientStorage } from './client-storage.js'
import type { DocumentModel, PageNode } from './document.js'
import type { SceneNode } from './nodes.js'
import type { NotifyOptions, Toaster } from './notify.js'
import { PluginUi, type ShowUIOptions, type UiHost } from './ui.js'

export interface Manifest {
  readonly id: string
  readonly name: string
  readonly documentAccess?: string
}

export interface Viewport {
  center: { x: number; y: number }
  zoom: number
  readonly bounds: { x: number; y: number; width: number; height: number }
  scrollAndZoomIntoView(nodes: readonly SceneNode[]): void
}

export interface EditorHost extends UiHost {
  readonly toaster: Toaster
  readonly viewport: Viewport
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
  /** Fires 'run' once the plugin's top-level code has run. */
  started(): void
  readonly closed: boolean
}

export function createFigma(model: DocumentModel, host: EditorHost, manifest: Manifest): FigmaRuntime {
  const dynamicPage = manifest.documentAccess === 'dynamic-page'
  const listeners = new Map<EventType, Set<Callback>>()
  const ui = new PluginUi(host, manifest.id, manifest.name)
  let closed = false

  const emit = (type: EventType, event?: unknown) => {
    for (const callback of [...(listeners.get(type) ?? [])]) callback(event)
  }
  const checkType = (type: string): EventType => {
    if (!EVENT_TYPES.includes(type)) throw new Error(`in on: Unknown event type "${type}"`)
    return type as EventType
  }
  const stopSelection = model.onSelectionChange(() => emit('selectionchange'))

  const closePlugin = (message?: string) => {
    if (closed) return
    closed = true
    if (typeof message === 'string' && message !== '') host.toaster.notify(message)
    emit('close')
    stopSelection()
    ui.dispose()
    listeners.clear()
    host.pluginClosed()
  }

  const figma: Record<string, unknown> = {
    apiVersion: '1.0.0',
    editorType: 'figma',
    mode: 'default',
    command: '',
    pluginId: manifest.id,
    mixed: Symbol('figma.mixed'),
    skipInvisibleInstanceChildren: false,
    root: model.root,
    ui,
    viewport: host.viewport,
    clientStorage: createClientStorage(manifest.id),

    get currentPage(): PageNode {
      return model.page
    },
    set currentPage(page: PageNode) {
      if (dynamicPage) {
        throw new Error(
          'in set_currentPage: Cannot call with documentAccess: dynamic-page. Use figma.setCurrentPageAsync instead.'
        )
      }
      if (page !== model.page) throw new Error('in set_currentPage: The playground has one page')
    },
    async setCurrentPageAsync(page: PageNode): Promise<void> {
      if (page !== model.page) throw new Error('in setCurrentPageAsync: The playground has one page')
    },
    async loadAllPagesAsync(): Promise<void> {},

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
    createImage: (bytes: Uint8Array) => model.images.create(bytes),
    getImageByHash: (hash: string) => model.images.get(hash),

    notify: (message: string, options?: NotifyOptions) => host.toaster.notify(message, options),
    commitUndo() {},
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
    started: () => setTimeout(() => emit('run', { command: '', parameters: undefined })),
    get closed() {
      return closed
    }
  }
}

/**
 * The fake Figma without a browser: the same document model and `figma` API the playground runs, with an
 * editor host that records instead of drawing — the plugin window's messages, toasts, viewport moves — and
 * keeps clientStorage in memory. Plugin unit tests run the main thread against this.
 */
import { memoryStorage, type StorageBackend } from './client-storage.js'
import { DocumentModel } from './document.js'
import {
  createFigma,
  type EditorHost,
  type FigmaRuntime,
  type NotifyOptions,
  type PluginUiLike,
  type ShowUIOptions,
  type Viewport
} from './figma.js'
import type { SceneNode } from './nodes.js'
import { union } from './transform.js'

type MessageHandler = (pluginMessage: unknown, props: { origin: string }) => void

/** figma.ui whose window is a list: what main showed and posted, and a way to send it UI messages. */
export class RecordingUi implements PluginUiLike {
  onmessage: MessageHandler | undefined = undefined
  readonly shown: { html: string; options: ShowUIOptions }[] = []
  readonly posted: unknown[] = []
  private readonly handlers = new Set<MessageHandler>()
  private open_ = false

  open(html: string, options: ShowUIOptions = {}): void {
    if (typeof html !== 'string') throw new Error('in showUI: Expected html to be a string')
    this.open_ = true
    this.shown.push({ html, options })
  }
  postMessage(pluginMessage: unknown): void {
    if (!this.open_) throw new Error('in postMessage: The plugin UI is not open')
    // Messages are structured clones, as between Figma's sandbox and the iframe.
    this.posted.push(structuredClone(pluginMessage))
  }
  on(_type: 'message', handler: MessageHandler): void {
    this.handlers.add(handler)
  }
  once(type: 'message', handler: MessageHandler): void {
    const wrapped: MessageHandler = (message, props) => {
      this.handlers.delete(wrapped)
      handler(message, props)
    }
    this.on(type, wrapped)
  }
  off(_type: 'message', handler: MessageHandler): void {
    this.handlers.delete(handler)
  }
  show(): void {}
  hide(): void {}
  resize(): void {}
  close(): void {
    this.open_ = false
  }
  dispose(): void {
    this.close()
  }
  /** A message from the UI iframe to the main thread (its Origin is "null": the iframe is sandboxed). */
  send(pluginMessage: unknown): void {
    const message = structuredClone(pluginMessage)
    this.onmessage?.(message, { origin: 'null' })
    for (const handler of [...this.handlers]) handler(message, { origin: 'null' })
  }
}

export class RecordingViewport implements Viewport {
  center = { x: 0, y: 0 }
  zoom = 1
  readonly scrolledTo: SceneNode[][] = []
  /** A 1280 × 800 px window. */
  get bounds() {
    return {
      x: this.center.x - 640 / this.zoom,
      y: this.center.y - 400 / this.zoom,
      width: 1280 / this.zoom,
      height: 800 / this.zoom
    }
  }
  scrollAndZoomIntoView(nodes: readonly SceneNode[]): void {
    this.scrolledTo.push([...nodes])
    const box = union(nodes.filter((node) => !node.removed).map((node) => node.absoluteBoundingBox))
    if (box === null) return
    this.center = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    this.zoom = Math.min(1, 1280 / box.width, 800 / box.height)
  }
}

export interface Toast {
  readonly message: string
  readonly options: NotifyOptions
}

export interface Headless {
  readonly model: DocumentModel
  readonly runtime: FigmaRuntime
  readonly ui: RecordingUi
  readonly viewport: RecordingViewport
  readonly toasts: Toast[]
  readonly storage: StorageBackend
  readonly closed: () => boolean
}

export function createHeadlessFigma(options: { documentAccess?: string; name?: string } = {}): Headless {
  const model = new DocumentModel(options.name ?? 'Untitled')
  const ui = new RecordingUi()
  const viewport = new RecordingViewport()
  const toasts: Toast[] = []
  const storage = memoryStorage()
  let closed = false
  const host: EditorHost = {
    toaster: {
      notify(message, notifyOptions = {}) {
        if (typeof message !== 'string') throw new Error('in notify: Expected message to be a string')
        toasts.push({ message, options: notifyOptions })
        return { cancel() {} }
      }
    },
    viewport,
    storage,
    createUi: () => ui,
    pluginClosed: () => (closed = true)
  }
  const runtime = createFigma(model, host, {
    id: 'relight',
    name: 'Relight',
    documentAccess: options.documentAccess ?? 'dynamic-page'
  })
  return { model, runtime, ui, viewport, toasts, storage, closed: () => closed }
}

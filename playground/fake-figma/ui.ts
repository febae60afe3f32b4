/**
 * figma.showUI and figma.ui, as Figma does them: the HTML goes into an iframe sandboxed with allow-scripts
 * only (so its Origin is the string "null"), with a <style id="figma-style"> of theme variables and a
 * figma-light / figma-dark class on <html> when themeColors is on. Messages are structured clones:
 * main → UI arrive as `event.data = { pluginMessage, pluginId }`; UI → main are `{ pluginMessage }` posted to
 * the parent and reach figma.ui.onmessage(pluginMessage, { origin }).
 */
import type { PluginUiLike, ShowUIOptions } from './figma.js'
import { FIGMA_DARK_THEME, FIGMA_LIGHT_THEME } from './theme.js'

/** The editor's floating plugin window that the iframe goes into. */
export interface PluginWindow {
  readonly body: HTMLElement
  setSize(width: number, height: number): void
  setVisible(visible: boolean): void
  close(): void
}

export interface UiHost {
  openWindow(options: { title: string; width: number; height: number; visible: boolean }): PluginWindow
  readonly theme: 'light' | 'dark'
}

type MessageHandler = (pluginMessage: unknown, props: { origin: string }) => void

export function wrapHtml(html: string, theme: 'light' | 'dark' | null): string {
  const themeClass = theme === null ? '' : ` class="figma-${theme}"`
  const vars = theme === null ? '' : theme === 'light' ? FIGMA_LIGHT_THEME : FIGMA_DARK_THEME
  const style = theme === null ? '' : `<style id="figma-style">:root {${vars}}</style>`
  return `<!DOCTYPE html><html${themeClass}><head><meta charset="utf-8">${style}</head><body>${html}</body></html>`
}

function size(value: unknown, fallback: number, what: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`in showUI: Expected ${what} to be a number`)
  return Math.max(70, Math.min(10000, Math.round(value)))
}

export class PluginUi implements PluginUiLike {
  onmessage: MessageHandler | undefined = undefined
  private readonly handlers = new Set<MessageHandler>()
  private iframe: HTMLIFrameElement | null = null
  private window: PluginWindow | null = null
  private loaded = false
  private readonly queue: unknown[] = []

  constructor(
    private readonly host: UiHost,
    private readonly pluginId: string,
    private readonly pluginName: string
  ) {
    window.addEventListener('message', this.receive)
  }

  /** @internal figma.showUI */
  open(html: string, options: ShowUIOptions = {}): void {
    if (typeof html !== 'string') throw new Error('in showUI: Expected html to be a string')
    this.close()
    const width = size(options.width, 100, 'width')
    const height = size(options.height, 100, 'height')
    const title = options.title ?? this.pluginName
    this.window = this.host.openWindow({ title, width, height, visible: options.visible !== false })
    const iframe = document.createElement('iframe')
    iframe.setAttribute('sandbox', 'allow-scripts')
    iframe.setAttribute('allow', 'clipboard-write')
    iframe.title = title
    iframe.name = 'plugin-iframe'
    iframe.style.cssText = 'border:0;display:block;width:100%;height:100%'
    iframe.srcdoc = wrapHtml(html, options.themeColors === true ? this.host.theme : null)
    iframe.addEventListener('load', () => {
      this.loaded = true
      for (const message of this.queue.splice(0)) this.deliver(message)
    })
    this.iframe = iframe
    this.window.body.append(iframe)
  }

  postMessage(pluginMessage: unknown, options?: { origin?: string }): void {
    if (this.iframe === null) throw new Error('in postMessage: The plugin UI is not open')
    void options
    // Structured-clone now, like Figma, so later mutations by the sender do not leak into the message.
    const message = structuredClone(pluginMessage)
    if (this.loaded) this.deliver(message)
    else this.queue.push(message)
  }

  on(type: 'message', handler: MessageHandler): void {
    if (type !== 'message') throw new Error(`in figma.ui.on: Unknown event "${String(type)}"`)
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

  show(): void {
    this.window?.setVisible(true)
  }
  hide(): void {
    this.window?.setVisible(false)
  }
  resize(width: number, height: number): void {
    this.window?.setSize(size(width, 100, 'width'), size(height, 100, 'height'))
  }
  close(): void {
    this.iframe = null
    this.loaded = false
    this.queue.length = 0
    this.window?.close()
    this.window = null
  }

  /** @internal the plugin closed: stop listening. */
  dispose(): void {
    this.close()
    window.removeEventListener('message', this.receive)
  }

  private deliver(pluginMessage: unknown): void {
    this.iframe?.contentWindow?.postMessage({ pluginMessage, pluginId: this.pluginId }, '*')
  }

  private readonly receive = (event: MessageEvent): void => {
    if (this.iframe === null || event.source !== this.iframe.contentWindow) return
    const data = event.data as { pluginMessage?: unknown } | null
    if (typeof data !== 'object' || data === null || !('pluginMessage' in data)) return
    const props = { origin: event.origin }
    this.onmessage?.(data.pluginMessage, props)
    for (const handler of [...this.handlers]) handler(data.pluginMessage, props)
  }
}

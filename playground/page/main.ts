/**
 * The playground page: a Figma-like editor (toolbar, Layers, canvas, toasts) over the fake `figma` API, with
 * the real built plugin (build/main.js + build/ui.js) running in it.
 */
import { DocumentModel } from '../fake-figma/document.js'
import type { EditorHost } from '../fake-figma/figma.js'
import { localStorageBackend } from '../fake-figma/local-storage.js'
import { Toaster } from '../fake-figma/notify.js'
import { canvasRenderer } from '../fake-figma/render-canvas.js'
import { fetchPluginSource, runPlugin } from '../fake-figma/run-plugin.js'
import { PluginUi, type UiHost } from '../fake-figma/ui.js'
import { CanvasView } from './canvas.js'
import { LayersPanel } from './layers-panel.js'
import { openPluginWindow } from './plugin-window.js'
import { RelaunchPanel } from './relaunch-panel.js'
import { buildScene } from './scene.js'
import { createTestHook, type PlaygroundHook } from './test-hook.js'
import { createToolbar } from './toolbar.js'

declare global {
  interface Window {
    playground: PlaygroundHook
  }
}

const base = new URL('./', location.href)
const theme = new URLSearchParams(location.search).get('theme') === 'dark' ? 'dark' : 'light'
if (theme === 'dark') document.body.classList.add('figma-dark')
const model = new DocumentModel('Relight playground')
model.renderer = canvasRenderer(model.images)
const canvas = new CanvasView(model)
const layers = new LayersPanel(model)
const relaunch = new RelaunchPanel(model, (command) => void relaunchWith(command))
layers.element.append(relaunch.element)
const stage = document.createElement('main')
stage.className = 'stage'
const toasts = document.createElement('div')
toasts.className = 'toasts'
stage.append(canvas.element, toasts)

let running = false
const toolbar = createToolbar({
  onRun: () => void start(),
  onFit: () => canvas.fitAll()
})
canvas.onZoomChange = (zoom) => toolbar.setZoom(zoom)
document.body.append(toolbar.element, layers.element, stage)

const uiHost: UiHost = {
  theme,
  openWindow: (options) =>
    openPluginWindow(
      stage,
      options,
      () => (runtime?.figma.closePlugin as (() => void) | undefined)?.(),
      (width) => (canvas.coveredRight = width === 0 ? 0 : width + 24)
    )
}

const host: EditorHost = {
  toaster: new Toaster(toasts),
  viewport: canvas,
  storage: localStorageBackend('relight'),
  createUi: (pluginId, pluginName) => new PluginUi(uiHost, pluginId, pluginName),
  pluginClosed: () => {
    running = false
    toolbar.setRunning(false)
  }
}

let runtime: ReturnType<typeof runPlugin> | null = null

/** A relaunch button runs the plugin with its command; as in Figma, a running plugin closes first. */
async function relaunchWith(command: string): Promise<void> {
  if (running) (runtime?.figma.closePlugin as (() => void) | undefined)?.()
  await start(command)
}

async function start(command = ''): Promise<void> {
  if (running) return
  running = true
  toolbar.setRunning(true)
  try {
    const source = await fetchPluginSource(base.href)
    relaunch.setManifest(source.manifest)
    runtime = runPlugin(model, host, source, command)
  } catch (error) {
    running = false
    toolbar.setRunning(false)
    host.toaster.notify(`Could not run the plugin: ${(error as Error).message}`, {
      error: true,
      timeout: Infinity
    })
    throw error
  }
}

const ready = (async () => {
  await buildScene(model, new URL('fixtures/', base).href)
  layers.render()
  canvas.render()
  await start()
  canvas.fitAll()
})()
window.playground = createTestHook(model, ready, canvas)

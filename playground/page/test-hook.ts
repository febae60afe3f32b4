/**
 * window.playground: read-only helpers for browser tests and the screenshot script — where the layers are
 * and what they look like. Nothing here drives the plugin; tests do that through the page, as a designer.
 */
import { type DocumentModel, pageOf } from '../fake-figma/document.js'
import { exportJob } from '../fake-figma/export.js'
import { ContainerNode, type Rect, type SceneNode } from '../fake-figma/nodes.js'
import { renderToCanvasAsync } from '../fake-figma/render-canvas.js'

export interface LayerInfo {
  readonly id: string
  readonly name: string
  readonly type: string
  readonly parentId: string | null
  readonly pageId: string | null
  /** Absolute bounding box (upright box around a rotated layer). */
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly rotation: number
  readonly renderBounds: Rect | null
  /** False when a clipping ancestor cuts part of the layer off, or a mask hides it. */
  readonly unclipped: boolean
  readonly visible: boolean
  readonly fills: readonly {
    readonly type: string
    readonly scaleMode?: string
    readonly imageHash?: string | null
  }[]
  readonly pluginData: Readonly<Record<string, string>>
}

/** Everything a plugin can change in the document, for comparing before a run and after its undo. */
export interface DocumentState {
  readonly layers: readonly (LayerInfo & { readonly relaunchData: Readonly<Record<string, string>> })[]
  /** Plugin data on the document itself (figma.root). */
  readonly rootPluginData: Readonly<Record<string, string>>
  readonly selection: readonly string[]
}

export interface PlaygroundHook {
  /** Resolves once the scene is loaded and the plugin has been started. */
  readonly ready: Promise<void>
  layers(): LayerInfo[]
  selection(): string[]
  /** How many undo steps plugins have committed (figma.commitUndo) so far. */
  undoSteps(): number
  /** The layers with their relaunch data, the document's plugin data and the selection. */
  documentState(): DocumentState
  /** The part of the canvas on screen, in canvas coordinates. */
  viewportBounds(): Rect
  /** The layer rendered at 1× (as exportAsync would), RGBA bytes in base64. */
  pixels(id: string): Promise<{ width: number; height: number; rgba: string }>
}

function inside(inner: Rect, outer: Rect): boolean {
  const e = 0.5
  return (
    inner.x >= outer.x - e &&
    inner.y >= outer.y - e &&
    inner.x + inner.width <= outer.x + outer.width + e &&
    inner.y + inner.height <= outer.y + outer.height + e
  )
}

function unclipped(node: SceneNode): boolean {
  const box = node.absoluteBoundingBox
  for (let parent = node.parent; parent instanceof ContainerNode; parent = parent.parent) {
    if (parent.clipsContent && !parent.sizedByChildren && !inside(box, parent.absoluteBoundingBox))
      return false
    if (parent.children.some((child) => child.isMask)) return false
  }
  return true
}

function info(node: SceneNode): LayerInfo {
  const box = node.absoluteBoundingBox
  const pluginData: Record<string, string> = {}
  for (const key of node.getPluginDataKeys()) pluginData[key] = node.getPluginData(key)
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    parentId: node.parent?.id ?? null,
    pageId: pageOf(node)?.id ?? null,
    x: box.x,
    y: box.y,
    width: box.width,
    height: box.height,
    rotation: node.rotation,
    renderBounds: node.absoluteRenderBounds,
    unclipped: unclipped(node),
    visible: node.visible,
    fills: node.fills.map((f) =>
      f.type === 'IMAGE' ? { type: f.type, scaleMode: f.scaleMode, imageHash: f.imageHash } : { type: f.type }
    ),
    pluginData
  }
}

export function createTestHook(
  model: DocumentModel,
  ready: Promise<void>,
  viewport: { readonly bounds: Rect }
): PlaygroundHook {
  const all = (nodes: readonly SceneNode[]): SceneNode[] =>
    nodes.flatMap((n) => (n instanceof ContainerNode ? [n, ...all(n.children)] : [n]))
  return {
    ready,
    layers: () => model.root.pages.flatMap((page) => all(page.contents)).map(info),
    selection: () => model.currentPage.selection.map((n) => n.id),
    undoSteps: () => model.undoCommits,
    documentState() {
      const rootPluginData: Record<string, string> = {}
      for (const key of model.root.getPluginDataKeys()) rootPluginData[key] = model.root.getPluginData(key)
      const nodes = model.root.pages.flatMap((page) => all(page.contents))
      return {
        layers: nodes.map((node) => ({ ...info(node), relaunchData: node.getRelaunchData() })),
        rootPluginData,
        selection: model.currentPage.selection.map((n) => n.id)
      }
    },
    viewportBounds: () => ({ ...viewport.bounds }),
    async pixels(id) {
      const node = model.getNode(id)
      if (node === null || !('exportAsync' in node)) throw new Error(`no layer ${id}`)
      const job = exportJob(node as SceneNode, { format: 'PNG', constraint: { type: 'SCALE', value: 1 } })
      const { ctx, width, height } = await renderToCanvasAsync(node as SceneNode, model.images, job)
      const data = ctx.getImageData(0, 0, width, height).data
      let binary = ''
      for (let i = 0; i < data.length; i += 0x8000)
        binary += String.fromCharCode(...data.subarray(i, i + 0x8000))
      return { width, height, rgba: btoa(binary) }
    }
  }
}

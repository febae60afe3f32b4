/**
 * window.playground: read-only helpers for browser tests and the screenshot script — where the layers are
 * and what they look like. Nothing here drives the plugin; tests do that through the page, as a designer.
 */
import type { DocumentModel } from '../fake-figma/document.js'
import { renderNodeAsync } from '../fake-figma/export.js'
import { FrameNode, type SceneNode } from '../fake-figma/nodes.js'

export interface LayerInfo {
  readonly id: string
  readonly name: string
  readonly type: string
  readonly parentId: string | null
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly visible: boolean
  readonly fills: readonly {
    readonly type: string
    readonly scaleMode?: string
    readonly imageHash?: string | null
  }[]
  readonly pluginData: Readonly<Record<string, string>>
}

export interface PlaygroundHook {
  /** Resolves once the scene is loaded and the plugin has been started. */
  readonly ready: Promise<void>
  layers(): LayerInfo[]
  selection(): string[]
  /** The layer rendered at 1× (as exportAsync would), RGBA bytes in base64. */
  pixels(id: string): Promise<{ width: number; height: number; rgba: string }>
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
    x: box.x,
    y: box.y,
    width: box.width,
    height: box.height,
    visible: node.visible,
    fills: node.fills.map((f) =>
      f.type === 'IMAGE' ? { type: f.type, scaleMode: f.scaleMode, imageHash: f.imageHash } : { type: f.type }
    ),
    pluginData
  }
}

export function createTestHook(model: DocumentModel, ready: Promise<void>): PlaygroundHook {
  const all = (nodes: readonly SceneNode[]): SceneNode[] =>
    nodes.flatMap((n) => (n instanceof FrameNode ? [n, ...all(n.children)] : [n]))
  return {
    ready,
    layers: () => all(model.page.children).map(info),
    selection: () => model.page.selection.map((n) => n.id),
    async pixels(id) {
      const node = model.getNode(id)
      if (node === null || !('exportAsync' in node)) throw new Error(`no layer ${id}`)
      const { ctx, width, height } = await renderNodeAsync(node as SceneNode, model.images, 1)
      const data = ctx.getImageData(0, 0, width, height).data
      let binary = ''
      for (let i = 0; i < data.length; i += 0x8000)
        binary += String.fromCharCode(...data.subarray(i, i + 0x8000))
      return { width, height, rgba: btoa(binary) }
    }
  }
}

/** The starting canvas: layers made from the project's fixture images (fixtures/, served by server.ts). */
import type { DocumentModel } from '../fake-figma/document.js'
import type { SceneNode } from '../fake-figma/nodes.js'

interface LayerSpec {
  readonly name: string
  readonly type: 'FRAME' | 'RECTANGLE'
  readonly file: string
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export const SCENE: readonly LayerSpec[] = [
  { name: 'Coffee', type: 'FRAME', file: 'coffee.png', x: 0, y: 0, width: 480, height: 320 },
  { name: 'Bottle', type: 'RECTANGLE', file: 'bottle-alpha.png', x: 0, y: 400, width: 240, height: 320 },
  { name: 'Camera', type: 'RECTANGLE', file: 'camera-alpha.png', x: 0, y: 780, width: 150, height: 113 }
]

export async function buildScene(model: DocumentModel, fixturesUrl: string): Promise<SceneNode[]> {
  const bytes = await Promise.all(
    SCENE.map(async (spec) => {
      const response = await fetch(new URL(spec.file, fixturesUrl))
      if (!response.ok) throw new Error(`fixture ${spec.file}: ${response.status}`)
      return new Uint8Array(await response.arrayBuffer())
    })
  )
  return SCENE.map((spec, i) => {
    const node = spec.type === 'FRAME' ? model.createFrame() : model.createRectangle()
    node.name = spec.name
    node.x = spec.x
    node.y = spec.y
    node.resize(spec.width, spec.height)
    const image = model.images.create(bytes[i])
    node.fills = [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: image.hash } as never]
    return node
  })
}

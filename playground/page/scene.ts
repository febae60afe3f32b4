/**
 * The starting canvas: layers made from the project's fixture images (fixtures/, served by server.ts) —
 * loose photos and cut-outs, and the places where results are easy to lose: a photo inside a frame that
 * clips, a photo deep inside a card instance, a rotated layer with a drop shadow, a product standing on
 * a backdrop and another standing in a poster frame (Match background).
 */
import type { DocumentModel } from '../fake-figma/document.js'
import type { ContainerNode, ContainerType, LeafType, SceneNode } from '../fake-figma/nodes.js'

interface LayerSpec {
  readonly name: string
  readonly type: ContainerType | LeafType
  readonly file?: string
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly rotation?: number
  readonly shadow?: boolean
  /** A solid fill, 0–1 per channel (layers without a file). */
  readonly color?: { readonly r: number; readonly g: number; readonly b: number }
  readonly children?: readonly LayerSpec[]
}

export const SCENE: readonly LayerSpec[] = [
  { name: 'Coffee', type: 'FRAME', file: 'coffee.png', x: 0, y: 0, width: 480, height: 320 },
  { name: 'Bottle', type: 'RECTANGLE', file: 'bottle-alpha.png', x: 0, y: 400, width: 240, height: 320 },
  { name: 'Camera', type: 'RECTANGLE', file: 'camera-alpha.png', x: 0, y: 780, width: 150, height: 113 },
  // A photo with a mask layer drawn over it (white = subject): the "Mask layer" option's subject.
  { name: 'Poster', type: 'RECTANGLE', file: 'coffee.png', x: 0, y: 960, width: 240, height: 160 },
  {
    name: 'Poster mask',
    type: 'RECTANGLE',
    color: { r: 1, g: 1, b: 1 },
    x: 0,
    y: 960,
    width: 120,
    height: 160
  },
  {
    name: 'Hero',
    type: 'FRAME',
    x: 640,
    y: 0,
    width: 360,
    height: 260,
    children: [
      { name: 'Hero photo', type: 'RECTANGLE', file: 'coffee.png', x: 20, y: 20, width: 320, height: 220 }
    ]
  },
  {
    name: 'Card',
    type: 'INSTANCE',
    x: 640,
    y: 400,
    width: 280,
    height: 360,
    children: [
      {
        name: 'Media',
        type: 'FRAME',
        x: 20,
        y: 20,
        width: 240,
        height: 260,
        children: [
          {
            name: 'Card photo',
            type: 'RECTANGLE',
            file: 'bottle-alpha.png',
            x: 20,
            y: 10,
            width: 200,
            height: 240
          }
        ]
      }
    ]
  },
  {
    name: 'Tilted camera',
    type: 'RECTANGLE',
    file: 'camera-alpha.png',
    x: 660,
    y: 900,
    width: 200,
    height: 150,
    rotation: 20,
    shadow: true
  },
  // A product standing on a backdrop lit from the left: the pair Match background lights to belong.
  {
    name: 'Kitchen',
    type: 'RECTANGLE',
    file: 'kitchen-backdrop.png',
    x: 1100,
    y: 0,
    width: 480,
    height: 320
  },
  { name: 'Product', type: 'RECTANGLE', file: 'bottle-alpha.png', x: 1290, y: 90, width: 120, height: 160 },
  // A product standing in a poster frame with a dusk glow at its upper right: the frame is its background.
  {
    name: 'Dusk',
    type: 'FRAME',
    file: 'dusk-backdrop.png',
    x: 1100,
    y: 400,
    width: 480,
    height: 320,
    children: [
      { name: 'Perfume', type: 'RECTANGLE', file: 'bottle-alpha.png', x: 200, y: 110, width: 90, height: 120 }
    ]
  },
  // An opaque packshot: the bottle on a frame's default white fill, exported flattened, at the thumbnail's
  // full size (long side 512) — the Auto mask's case.
  {
    name: 'Packshot',
    type: 'FRAME',
    x: 1700,
    y: 400,
    width: 384,
    height: 512,
    children: [
      {
        name: 'Packshot bottle',
        type: 'RECTANGLE',
        file: 'bottle-alpha.png',
        x: 42,
        y: 56,
        width: 300,
        height: 400
      }
    ]
  }
]

function files(specs: readonly LayerSpec[]): string[] {
  return specs.flatMap((spec) => [...(spec.file ? [spec.file] : []), ...files(spec.children ?? [])])
}

export async function buildScene(model: DocumentModel, fixturesUrl: string): Promise<SceneNode[]> {
  const names = [...new Set(files(SCENE))]
  const bytes = new Map(
    await Promise.all(
      names.map(async (file) => {
        const response = await fetch(new URL(file, fixturesUrl))
        if (!response.ok) throw new Error(`fixture ${file}: ${response.status}`)
        return [file, new Uint8Array(await response.arrayBuffer())] as const
      })
    )
  )
  const build = (spec: LayerSpec): SceneNode => {
    const node = model.createNode(spec.type, spec.name)
    node.x = spec.x
    node.y = spec.y
    node.resize(spec.width, spec.height)
    if (spec.rotation !== undefined) node.rotation = spec.rotation
    if (spec.shadow === true) {
      node.effects = [
        {
          type: 'DROP_SHADOW',
          offset: { x: 8, y: 12 },
          radius: 16,
          color: { r: 0, g: 0, b: 0, a: 0.35 }
        } as never
      ]
    }
    if (spec.color !== undefined) node.fills = [{ type: 'SOLID', color: spec.color } as never]
    const file = spec.file === undefined ? undefined : bytes.get(spec.file)
    if (file !== undefined) {
      const image = model.images.create(file)
      node.fills = [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: image.hash } as never]
    }
    // An instance's layers come from its main component; nothing can be appended to it through the API.
    for (const child of spec.children ?? []) (node as ContainerNode).adopt(build(child))
    return node
  }
  return SCENE.map((spec) => {
    const node = build(spec)
    model.page.adopt(node)
    return node
  })
}

/**
 * The fake Figma keeps the documented rules the real host enforces; plugin tests are only worth what the
 * fake refuses. Each rule here cites its line in playground/fake-figma.
 */
import sharp from 'sharp'
import { beforeEach, describe, expect, it } from 'vitest'

import type { PageNode } from '../../playground/fake-figma/document.js'
import { createFakeFigma, type FakeFigma, installFigma, layer, png } from './fake-figma.js'

let figma: FakeFigma
const api = () => figma.api as unknown as PluginAPI

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
})

async function pngSize(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const { width, height } = await sharp(bytes).metadata()
  return { width: width ?? 0, height: height ?? 0 }
}

describe('fake figma.createImage', () => {
  it('accepts PNG, JPEG and GIF up to 4096 px a side', async () => {
    const jpeg = new Uint8Array(await sharp(png(16, 16)).jpeg().toBuffer())
    const gif = new Uint8Array(await sharp(png(16, 16)).gif().toBuffer())
    for (const bytes of [png(4096, 1), jpeg, gif])
      expect(api().createImage(bytes).hash).toMatch(/^[0-9a-f]{40}$/)
  })

  it('throws for WebP, for bytes that are no image, and above 4096 px', async () => {
    const webp = new Uint8Array(await sharp(png(16, 16)).webp().toBuffer())
    expect(() => api().createImage(webp)).toThrow(/unsupported/)
    expect(() => api().createImage(new Uint8Array([137, 80, 78, 71]))).toThrow(/unsupported/)
    expect(() => api().createImage(png(4097, 2))).toThrow(/too large/)
  })
})

describe('fake reparenting', () => {
  it('refuses to add into an instance or anything inside one, and to take a node out of one', () => {
    const card = layer('INSTANCE', 'Card', { width: 200, height: 200 })
    const media = layer('FRAME', 'Media', { width: 100, height: 100 })
    const photo = layer('RECTANGLE', 'Photo', { width: 50, height: 50 })
    figma.add(figma.currentPage, card)
    figma.add(card, media)
    figma.add(media, photo)
    const rectangle = api().createRectangle()
    expect(() => (card as unknown as FrameNode).appendChild(rectangle)).toThrow(/is an instance or is inside/)
    expect(() => (media as unknown as FrameNode).appendChild(rectangle)).toThrow(
      /is an instance or is inside/
    )
    expect(() => api().currentPage.appendChild(photo as unknown as SceneNode)).toThrow(
      /inside of an instance/
    )
  })

  it('lets only components into a component set, and no component into a component', () => {
    const set = layer('COMPONENT_SET', 'Buttons', { width: 300, height: 100 })
    const main = layer('COMPONENT', 'Main', { width: 100, height: 100 })
    figma.add(figma.currentPage, set, main)
    expect(() => (set as unknown as FrameNode).appendChild(api().createRectangle())).toThrow(
      /only contain components/
    )
    const variant = layer('COMPONENT', 'Variant', { width: 10, height: 10 })
    figma.add(figma.currentPage, variant)
    expect(() => (main as unknown as FrameNode).appendChild(variant as unknown as SceneNode)).toThrow(
      /component inside a component/
    )
    ;(set as unknown as FrameNode).appendChild(variant as unknown as SceneNode)
    expect(variant.parent).toBe(set)
  })

  it('makes a node appended to a boolean operation one of its shapes: the operation grows', () => {
    const union = layer('BOOLEAN_OPERATION', 'Union', { width: 1, height: 1 })
    figma.add(figma.currentPage, union)
    figma.add(union, layer('RECTANGLE', 'A', { x: 0, y: 0, width: 50, height: 50 }))
    const extra = api().createRectangle()
    extra.x = 200
    ;(union as unknown as BooleanOperationNode).appendChild(extra)
    expect(union.width).toBe(300)
    expect(extra.parent).toBe(union)
  })

  it('throws on a parenting cycle and an out-of-range index', () => {
    const frame = layer('FRAME', 'F', { width: 10, height: 10 })
    figma.add(figma.currentPage, frame)
    expect(() => (frame as unknown as FrameNode).appendChild(frame as unknown as SceneNode)).toThrow(/cycle/)
    expect(() => (frame as unknown as FrameNode).insertChild(2, api().createRectangle())).toThrow(
      /out of range/
    )
  })
})

describe('fake geometry', () => {
  it('frames clip by default, groups do not', () => {
    expect(api().createFrame().clipsContent).toBe(true)
    expect('sizedByChildren' in layer('GROUP', 'G', { width: 1, height: 1 })).toBe(true)
  })

  it('rotation is relativeTransform turning about the top-left corner; absoluteTransform nests frames', () => {
    const board = layer('FRAME', 'Board', { x: 100, y: 50, width: 500, height: 500 })
    const photo = layer('RECTANGLE', 'Photo', { x: 10, y: 20, width: 100, height: 50 }, { rotation: 90 })
    figma.add(figma.currentPage, board)
    figma.add(board, photo)
    expect(photo.relativeTransform).toEqual([
      [0, 1, 10],
      [-1, 0, 20]
    ])
    expect(photo.absoluteTransform).toEqual([
      [0, 1, 110],
      [-1, 0, 70]
    ])
    // Turned 90° counter-clockwise about (110, 70): the 100 × 50 box now stands 50 × 100 above it.
    expect(photo.absoluteBoundingBox).toEqual({ x: 110, y: -30, width: 50, height: 100 })
  })

  it('children of a group are positioned in the group’s containing parent, which sizes to them', () => {
    const board = layer('FRAME', 'Board', { x: 100, y: 100, width: 500, height: 500 })
    const group = layer('GROUP', 'Group', { width: 1, height: 1 })
    figma.add(figma.currentPage, board)
    figma.add(board, group)
    figma.add(group, layer('RECTANGLE', 'A', { x: 20, y: 30, width: 10, height: 10 }))
    figma.add(group, layer('RECTANGLE', 'B', { x: 60, y: 30, width: 10, height: 40 }))
    expect([group.x, group.y, group.width, group.height]).toEqual([20, 30, 50, 40])
    expect(group.children[0].absoluteBoundingBox).toMatchObject({ x: 120, y: 130 })
  })

  it('exports what renders: a rotated box exports upright bounds, a drop shadow widens them', async () => {
    const tilted = layer('RECTANGLE', 'Tilted', { width: 100, height: 100 }, { rotation: 45 })
    const shadowed = layer(
      'RECTANGLE',
      'Shadowed',
      { width: 100, height: 50 },
      {
        effects: [
          { type: 'DROP_SHADOW', offset: { x: 0, y: 10 }, radius: 10, color: { r: 0, g: 0, b: 0, a: 1 } }
        ]
      }
    )
    figma.add(figma.currentPage, tilted, shadowed)
    const scale1 = { format: 'PNG', constraint: { type: 'SCALE', value: 1 } } as const
    expect(await pngSize(await (tilted as unknown as RectangleNode).exportAsync(scale1))).toEqual({
      width: 141,
      height: 141
    })
    // 10 px of blur on every side, moved 10 px down: 10 px more on the left, right and bottom.
    expect(shadowed.absoluteRenderBounds).toEqual({ x: -10, y: 0, width: 120, height: 70 })
    expect(await pngSize(await (shadowed as unknown as RectangleNode).exportAsync(scale1))).toEqual({
      width: 120,
      height: 70
    })
    shadowed.visible = false
    expect(shadowed.absoluteRenderBounds).toBeNull()
    await expect((shadowed as unknown as RectangleNode).exportAsync(scale1)).rejects.toThrow(/invisible/)
  })

  it('lets auto layout move and resize: appending re-flows the row', () => {
    const row = layer('FRAME', 'Row', { width: 10, height: 10 }, { layoutMode: 'HORIZONTAL' })
    figma.add(figma.currentPage, row)
    ;(row as unknown as FrameNode).appendChild(api().createRectangle())
    ;(row as unknown as FrameNode).appendChild(api().createRectangle())
    expect(row.children.map((child) => child.x)).toEqual([0, 100])
    expect(row.width).toBe(200)
  })
})

describe('fake selection', () => {
  it('holds only directly selected nodes, each page its own', () => {
    const frame = layer('FRAME', 'Frame', { width: 100, height: 100 })
    const child = layer('RECTANGLE', 'Child', { width: 10, height: 10 })
    figma.add(figma.currentPage, frame)
    figma.add(frame, child)
    figma.currentPage.selection = [child, frame, frame]
    expect(figma.currentPage.selection).toEqual([frame])
    const other = figma.addPage('Other')
    expect(() => (other.selection = [frame])).toThrow(/not on page "Other"/)
  })
})

describe('fake documentAccess: dynamic-page', () => {
  it('has no synchronous getNodeById and a read-only currentPage', async () => {
    expect(() => (api() as unknown as { getNodeById(id: string): unknown }).getNodeById('0:1')).toThrow(
      /getNodeByIdAsync/
    )
    const second = figma.addPage('Second')
    expect(() => {
      ;(api() as { currentPage: unknown }).currentPage = second
    }).toThrow(/setCurrentPageAsync/)
  })

  it('loads other pages on demand and announces a page switch', async () => {
    const second: PageNode = figma.addPage('Second')
    expect(() => second.children).toThrow(/loadAsync/)
    expect(() => second.appendChild(api().createRectangle() as never)).toThrow(/loadAsync/)
    let switched = 0
    api().on('currentpagechange', () => switched++)
    await api().setCurrentPageAsync(second as unknown as globalThis.PageNode)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(second.children).toEqual([])
    expect(api().currentPage).toBe(second)
    expect(switched).toBe(1)
  })
})

/**
 * Where results land: beside the source where they stay visible and disturb no layout, otherwise beside the
 * outermost container that would hide or own them, at its parent's level — at the size the source renders.
 */
// insert-results-async imports @create-figma-plugin/utilities, which needs a `figma` when imported.
import '../ui/install-fake-figma.js'

import { beforeEach, describe, expect, it } from 'vitest'

import { insertResultsAsync } from '../../src/plugin/insert-results-async.js'
import type { InsertRequest } from '../../src/protocol/events.js'
import {
  createFakeFigma,
  type FakeContainer,
  type FakeFigma,
  type FakeNode,
  installFigma,
  layer,
  png
} from './fake-figma.js'

const PARAMS = {
  jobId: 'job-1',
  model: 'local/studio',
  prompt: 'warm',
  lightSource: 'left',
  seed: 7
} as const

let figma: FakeFigma

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
})

async function relight(source: FakeNode, count = 1, extra: Partial<InsertRequest> = {}): Promise<FakeNode[]> {
  const result = await insertResultsAsync({
    sourceId: source.id,
    images: Array.from({ length: count }, () => png()),
    params: PARAMS,
    ...extra
  })
  if ('error' in result) throw new Error(result.error)
  return result.nodeIds.map((id) => figma.model.getNode(id) as FakeNode)
}

type Box = { x: number; y: number; width: number; height: number }

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

function inside(a: Box, b: Box): boolean {
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height
}

/** Visible: within the box of every ancestor that clips. */
function visible(node: FakeNode): boolean {
  for (let parent = node.parent; parent !== null && parent.type !== 'PAGE'; parent = parent.parent) {
    const frame = parent as FakeContainer
    if (
      frame.clipsContent &&
      !frame.sizedByChildren &&
      !inside(node.absoluteBoundingBox, frame.absoluteBoundingBox)
    )
      return false
  }
  return true
}

function snapshot(container: FakeContainer): string {
  return JSON.stringify(
    container.children.map((child) => [child.id, child.x, child.y, child.width, child.height])
  )
}

describe('placing results', () => {
  it('goes beside a clipping frame when the row would fall outside it, visible and clear of it', async () => {
    const hero = layer('FRAME', 'Hero', { x: 0, y: 0, width: 360, height: 260 })
    const photo = layer('RECTANGLE', 'Hero photo', { x: 20, y: 20, width: 320, height: 220 })
    figma.add(figma.currentPage, hero)
    figma.add(hero, photo)
    const [result] = await relight(photo)
    expect(result.parent).toBe(figma.currentPage)
    expect(visible(result)).toBe(true)
    expect(result.absoluteBoundingBox).toEqual({ x: 400, y: 20, width: 320, height: 220 })
    expect(overlap(result.absoluteBoundingBox, hero.absoluteBoundingBox)).toBe(false)
  })

  it('stays inside a clipping frame where the row fits, and beside its outermost clipping ancestor otherwise', async () => {
    const outer = layer('FRAME', 'Page frame', { x: 0, y: 0, width: 600, height: 600 })
    const inner = layer('FRAME', 'Inner', { x: 10, y: 10, width: 200, height: 200 }, { clipsContent: false })
    const photo = layer('RECTANGLE', 'Photo', { x: 10, y: 10, width: 100, height: 100 })
    figma.add(figma.currentPage, outer)
    figma.add(outer, inner)
    figma.add(inner, photo)
    const [fits] = await relight(photo)
    expect(fits.parent).toBe(inner)
    expect(visible(fits)).toBe(true)
    // Three more: the row would end at 680, past the outer frame's 600: the whole row goes beside it.
    const more = await relight(photo, 3)
    expect(more.map((node) => node.parent)).toEqual([figma.currentPage, figma.currentPage, figma.currentPage])
    expect(more.map((node) => node.x)).toEqual([640, 780, 920])
    for (const node of [fits, ...more]) {
      expect(visible(node)).toBe(true)
      expect(overlap(node.absoluteBoundingBox, photo.absoluteBoundingBox)).toBe(false)
      expect(overlap(node.absoluteBoundingBox, outer.absoluteBoundingBox)).toBe(node === fits)
    }
  })

  it('never goes into an auto-layout row: beside the row, which keeps its layout', async () => {
    const row = layer(
      'FRAME',
      'Row',
      { x: 0, y: 0, width: 10, height: 10 },
      { layoutMode: 'HORIZONTAL', clipsContent: false }
    )
    figma.add(figma.currentPage, row)
    const a = layer('RECTANGLE', 'A', { width: 100, height: 80 })
    const b = layer('RECTANGLE', 'B', { width: 100, height: 80 })
    figma.add(row, a, b)
    row.childrenChanged()
    const before = snapshot(row)
    const [result] = await relight(a)
    expect(result.parent).toBe(figma.currentPage)
    expect(snapshot(row)).toBe(before)
    expect(overlap(result.absoluteBoundingBox, row.absoluteBoundingBox)).toBe(false)
  })

  it('never grows a group that sits in auto layout (that would re-flow the stack)', async () => {
    const stack = layer(
      'FRAME',
      'Stack',
      { width: 10, height: 10 },
      { layoutMode: 'VERTICAL', clipsContent: false }
    )
    const group = layer('GROUP', 'Group', { width: 1, height: 1 })
    const photo = layer('RECTANGLE', 'Photo', { x: 0, y: 0, width: 100, height: 100 })
    const below = layer('RECTANGLE', 'Below', { width: 100, height: 50 })
    figma.add(figma.currentPage, stack)
    figma.add(stack, group, below)
    figma.add(group, photo)
    stack.childrenChanged()
    const before = snapshot(stack)
    const [result] = await relight(photo)
    expect(result.parent).toBe(figma.currentPage)
    expect(snapshot(stack)).toBe(before)
  })

  it('never becomes a shape of a boolean operation, nor goes into a mask group', async () => {
    const union = layer('BOOLEAN_OPERATION', 'Union', { width: 1, height: 1 })
    const shape = layer('RECTANGLE', 'Shape', { x: 0, y: 0, width: 100, height: 100 })
    const masked = layer('GROUP', 'Masked', { width: 1, height: 1 })
    const mask = layer('RECTANGLE', 'Mask', { x: 0, y: 300, width: 100, height: 100 }, { isMask: true })
    const photo = layer('RECTANGLE', 'Photo', { x: 0, y: 300, width: 100, height: 100 })
    figma.add(figma.currentPage, union, masked)
    figma.add(union, shape)
    figma.add(masked, mask, photo)
    const [fromUnion] = await relight(shape)
    const [fromMasked] = await relight(photo)
    expect(union.children).toEqual([shape])
    expect(masked.children).toEqual([mask, photo])
    expect(fromUnion.parent).toBe(figma.currentPage)
    expect(fromMasked.parent).toBe(figma.currentPage)
    expect(overlap(fromUnion.absoluteBoundingBox, fromMasked.absoluteBoundingBox)).toBe(false)
  })

  it('never goes into a main component (it would appear in every instance)', async () => {
    const component = layer('COMPONENT', 'Card', { x: 0, y: 0, width: 800, height: 800 })
    const photo = layer('RECTANGLE', 'Photo', { x: 10, y: 10, width: 100, height: 100 })
    figma.add(figma.currentPage, component)
    figma.add(component, photo)
    const [result] = await relight(photo)
    expect(result.parent).toBe(figma.currentPage)
    expect(component.children).toEqual([photo])
    expect(result.x).toBe(840)
  })

  it('places the results of a layer deep inside an instance beside the instance', async () => {
    const card = layer('INSTANCE', 'Card', { x: 100, y: 100, width: 280, height: 360 })
    const media = layer('FRAME', 'Media', { x: 20, y: 20, width: 240, height: 260 })
    const photo = layer('RECTANGLE', 'Card photo', { x: 20, y: 10, width: 200, height: 240 })
    figma.add(figma.currentPage, card)
    figma.add(card, media)
    figma.add(media, photo)
    const [result] = await relight(photo)
    expect(result.parent).toBe(figma.currentPage)
    expect(result.absoluteBoundingBox).toEqual({ x: 420, y: 130, width: 200, height: 240 })
  })

  it('places the results of a variant’s layer beside the component set', async () => {
    const set = layer('COMPONENT_SET', 'Buttons', { x: 0, y: 0, width: 400, height: 200 })
    const variant = layer('COMPONENT', 'State=Default', { x: 0, y: 0, width: 200, height: 200 })
    figma.add(figma.currentPage, set)
    figma.add(set, variant)
    const [fromVariant] = await relight(variant)
    expect(fromVariant.parent).toBe(figma.currentPage)
    expect(fromVariant.x).toBe(440)
  })

  it('matches a rotated source’s rendered box, upright, beside it and not over it', async () => {
    const tilted = layer('RECTANGLE', 'Tilted', { x: 100, y: 100, width: 200, height: 100 }, { rotation: 30 })
    figma.add(figma.currentPage, tilted)
    const rendered = tilted.absoluteRenderBounds!
    const [result] = await relight(tilted)
    expect(result.rotation).toBe(0)
    expect(result.width).toBeCloseTo(rendered.width, 6)
    expect(result.height).toBeCloseTo(rendered.height, 6)
    expect(result.absoluteBoundingBox.x).toBeCloseTo(rendered.x + rendered.width + 40, 6)
    expect(overlap(result.absoluteBoundingBox, rendered)).toBe(false)
  })

  it('includes a drop shadow in the size, as the export does', async () => {
    const card = layer(
      'RECTANGLE',
      'Card',
      { x: 0, y: 0, width: 100, height: 100 },
      {
        effects: [
          { type: 'DROP_SHADOW', offset: { x: 0, y: 8 }, radius: 12, color: { r: 0, g: 0, b: 0, a: 0.3 } }
        ]
      }
    )
    figma.add(figma.currentPage, card)
    const [result] = await relight(card)
    // 12 px of blur around, moved 8 px down: 4 px above, 20 px below, 12 px on each side.
    expect([result.width, result.height]).toEqual([124, 124])
    expect(overlap(result.absoluteBoundingBox, card.absoluteRenderBounds!)).toBe(false)
  })

  it('in a rotated frame that clips, goes beside the frame, upright on the page', async () => {
    const frame = layer('FRAME', 'Tilted frame', { x: 0, y: 0, width: 300, height: 300 }, { rotation: 10 })
    const photo = layer('RECTANGLE', 'Photo', { x: 20, y: 20, width: 200, height: 200 })
    figma.add(figma.currentPage, frame)
    figma.add(frame, photo)
    const [result] = await relight(photo)
    expect(result.parent).toBe(figma.currentPage)
    expect(result.rotation).toBe(0)
    expect(overlap(result.absoluteBoundingBox, frame.absoluteBoundingBox)).toBe(false)
  })

  it('keeps results in a group that is free to grow, positioned in the group’s frame', async () => {
    const board = layer('FRAME', 'Board', { x: 50, y: 50, width: 2000, height: 1000 })
    const group = layer('GROUP', 'Products', { width: 1, height: 1 })
    const photo = layer('RECTANGLE', 'Photo', { x: 100, y: 100, width: 100, height: 100 })
    figma.add(figma.currentPage, board)
    figma.add(board, group)
    figma.add(group, photo)
    const [result] = await relight(photo)
    expect(result.parent).toBe(group)
    expect(result.absoluteBoundingBox).toEqual({ x: 290, y: 150, width: 100, height: 100 })
  })
})

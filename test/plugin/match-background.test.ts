/**
 * Match background on the main thread: a subject selected over a background is offered as a scene, the
 * background exports with the subject (with where it stands on it), and the matched result is placed over
 * the subject with its shadow beneath, grouped, as one undo step.
 */
// insert-results-async imports @create-figma-plugin/utilities, which needs a `figma` when imported.
import '../ui/install-fake-figma.js'

import { beforeEach, describe, expect, it } from 'vitest'

import { exportLayersAsync } from '../../src/plugin/export-layers-async.js'
import { insertResultsAsync } from '../../src/plugin/insert-results-async.js'
import { readSelectionAsync } from '../../src/plugin/read-selection-async.js'
import type { SizeSpec } from '../../src/protocol/catalog.js'
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

const SPEC: SizeSpec = { min: 1, max: 4096, multiple: 1, defaultLongSide: 1024, upscale: false }
const PARAMS = {
  jobId: 'job-1',
  model: 'local/studio',
  prompt: 'match',
  lightSource: 'none',
  seed: 0
} as const

let figma: FakeFigma
let board: FakeContainer
let kitchen: FakeNode
let product: FakeNode

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
  board = layer('FRAME', 'Board', { width: 4000, height: 2000 })
  kitchen = layer('RECTANGLE', 'Kitchen', { x: 100, y: 100, width: 2400, height: 1600 })
  product = layer('RECTANGLE', 'Product', { x: 1000, y: 500, width: 240, height: 320 })
  figma.add(figma.currentPage, board)
  figma.add(board, kitchen, product)
})

function select(...nodes: FakeNode[]): SceneNode[] {
  figma.currentPage.selection = nodes
  return nodes as unknown as SceneNode[]
}

function matched(images: number, shadow = true): InsertRequest {
  return {
    sourceId: product.id,
    images: Array.from({ length: images }, () => png(24, 32)),
    params: PARAMS,
    scene: {
      backgroundName: 'Kitchen',
      ...(shadow ? { shadow: { bytes: png(40, 48), x: -8, y: -4, width: 280, height: 360 } } : {})
    }
  }
}

describe('Match background on the main thread', () => {
  it('offers the upper of two overlapping layers as the subject and the lower as its background', async () => {
    const state = await readSelectionAsync(select(kitchen, product))
    expect(state.scene).toEqual({
      chosen: true,
      subjectId: product.id,
      subjectName: 'Product',
      backgroundId: kitchen.id,
      backgroundName: 'Kitchen',
      placement: { x: 900 / 2400, y: 400 / 1600, width: 240 / 2400, height: 320 / 1600 }
    })
  })

  it('offers the backdrop right behind a layer selected alone, as found rather than chosen', async () => {
    const state = await readSelectionAsync(select(product))
    expect(state.scene).toMatchObject({ chosen: false, subjectId: product.id, backgroundId: kitchen.id })
    // A layer it does not stand on entirely is no backdrop: the frame both are in is what shows around it.
    product.x = 2400
    expect((await readSelectionAsync(select(product))).scene).toMatchObject({
      backgroundId: board.id,
      within: true
    })
  })

  it('offers no scene for a mask pair, for layers side by side, or for a lone layer on nothing', async () => {
    const mask = layer('RECTANGLE', 'Product mask', { x: 1000, y: 500, width: 240, height: 320 })
    const aside = layer('RECTANGLE', 'Aside', { x: 5000, y: 100, width: 200, height: 200 })
    figma.add(board, mask)
    figma.add(figma.currentPage, aside)
    expect((await readSelectionAsync(select(product, mask))).scene).toBeUndefined()
    expect((await readSelectionAsync(select(kitchen, aside))).scene).toBeUndefined()
    expect((await readSelectionAsync(select(aside))).scene).toBeUndefined()
  })

  it('offers no scene for two layers whose subject sits where the match could not go (in an instance, an auto layout)', async () => {
    const card = layer('INSTANCE', 'Card', { x: 1000, y: 500, width: 600, height: 400 })
    const shoe = layer('RECTANGLE', 'Shoe', { x: 100, y: 100, width: 200, height: 200 })
    figma.add(figma.currentPage, card)
    figma.add(card, shoe)
    // The shoe is over Kitchen, but the match would go inside the card and change the instance.
    expect((await readSelectionAsync(select(kitchen, shoe))).scene).toBeUndefined()
    expect((await readSelectionAsync(select(kitchen, product))).scene?.subjectId).toBe(product.id)
    // An absolutely positioned layer in an auto layout can overlap its sibling; a group there would re-flow.
    product.layoutPositioning = 'ABSOLUTE'
    board.layoutMode = 'HORIZONTAL'
    expect((await readSelectionAsync(select(kitchen, product))).scene).toBeUndefined()
  })

  it('exports the background with the subject, at most 1024 px, with where the subject stands on it', async () => {
    const result = await exportLayersAsync([product.id], SPEC, { background: kitchen.id })
    if ('error' in result) throw new Error(result.error)
    const background = result.layers[0]!.background!
    expect(background).toMatchObject({ id: kitchen.id, name: 'Kitchen', width: 1024, height: 683 })
    expect(background.placement.x).toBeCloseTo(0.375)
    expect(background.bytes.subarray(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]))
  })

  it('a background that is gone is an error naming it, and nothing is exported', async () => {
    kitchen.remove()
    const result = await exportLayersAsync([product.id], SPEC, { background: kitchen.id })
    expect(result).toEqual({ error: expect.stringMatching(/background layer is gone/) })
  })

  it('places the match over the subject with its shadow beneath, grouped above it, as one undo step', async () => {
    const result = await insertResultsAsync(matched(2))
    if ('error' in result) throw new Error(result.error)
    const names = board.children.map((node) => node.name)
    expect(names).toEqual(['Kitchen', 'Product', 'Product · matched to Kitchen'])
    const group = board.children[2] as FakeContainer
    expect(group.type).toBe('GROUP')
    expect(result.nodeIds).toEqual([group.id])
    const [shadow, first, second] = group.children as FakeNode[]
    expect([shadow!.name, first!.name, second!.name]).toEqual([
      'Product · shadow',
      'Product · matched 1',
      'Product · matched 2'
    ])
    expect([first!.x, first!.y, first!.width, first!.height]).toEqual([1000, 500, 240, 320])
    expect([shadow!.x, shadow!.y, shadow!.width, shadow!.height]).toEqual([992, 496, 280, 360])
    // One variation shows; the others wait hidden in the group, to swap.
    expect([first!.visible, second!.visible]).toEqual([true, false])
    expect(figma.undoCommits).toBe(1)
    expect(figma.currentPage.selection.map((node) => node.id)).toEqual([group.id])
  })

  it('an image Figma refuses leaves nothing on the canvas and names the layer', async () => {
    const result = await insertResultsAsync({ ...matched(1), images: [new Uint8Array([1, 2, 3])] })
    expect(result).toEqual({ error: expect.stringMatching(/“Product”/) })
    expect(board.children.map((node) => node.name)).toEqual(['Kitchen', 'Product'])
  })
})

describe('Match background to the frame a subject stands in', () => {
  let poster: FakeContainer
  let perfume: FakeNode
  let caption: FakeNode

  beforeEach(() => {
    // A frame with its own (default white) fill, the subject in it, and a caption drawn over both.
    poster = layer('FRAME', 'Dusk', { x: 0, y: 2200, width: 1200, height: 800 })
    perfume = layer('RECTANGLE', 'Perfume', { x: 480, y: 300, width: 240, height: 400 })
    caption = layer('TEXT', 'Caption', { x: 40, y: 40, width: 400, height: 60 })
    figma.add(figma.currentPage, poster)
    figma.add(poster, perfume, caption)
  })

  /** What a designer would see change: every layer's name, place, size and visibility. */
  function snapshot(): string {
    const all = (nodes: readonly FakeNode[]): unknown[] =>
      nodes.map((node) => [
        node.name,
        node.x,
        node.y,
        node.width,
        node.height,
        node.visible,
        'children' in node ? all((node as FakeContainer).children as FakeNode[]) : []
      ])
    return JSON.stringify(all(figma.currentPage.children as FakeNode[]))
  }

  it('offers the frame a lone subject stands in, with a fill of its own, as found: its name, where the subject stands, that it holds it', async () => {
    const state = await readSelectionAsync(select(perfume))
    expect(state.scene).toMatchObject({
      chosen: false,
      within: true,
      subjectId: perfume.id,
      backgroundId: poster.id,
      backgroundName: 'Dusk',
      placement: { x: 480 / 1200, y: 300 / 800, width: 240 / 1200, height: 400 / 800 }
    })
    // Its thumbnail comes along, for the form to read the light off before the run.
    expect(state.scene?.thumbnail?.subarray(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]))
  })

  it('a frame without a fill is offered for the layers behind the subject, and not without them', async () => {
    poster.fills = []
    expect((await readSelectionAsync(select(perfume))).scene).toBeUndefined()
    // Behind the subject but not under all of it: not a backdrop of its own, the frame shows it.
    const sky = layer('RECTANGLE', 'Sky', { x: 0, y: 0, width: 1200, height: 450 })
    figma.add(poster, sky)
    poster.insertChild(0, sky)
    expect((await readSelectionAsync(select(perfume))).scene).toMatchObject({
      backgroundId: poster.id,
      within: true
    })
    // A hidden layer behind shows nothing.
    sky.visible = false
    expect((await readSelectionAsync(select(perfume))).scene).toBeUndefined()
  })

  it('a frame that would re-flow or change with the match inside (auto layout, an instance) is not offered', async () => {
    poster.layoutMode = 'HORIZONTAL'
    expect((await readSelectionAsync(select(perfume))).scene).toBeUndefined()
    poster.layoutMode = 'NONE'
    const card = layer('INSTANCE', 'Card', { x: 2000, y: 2200, width: 1200, height: 800 })
    const shoe = layer('RECTANGLE', 'Shoe', { x: 400, y: 200, width: 200, height: 200 })
    figma.add(figma.currentPage, card)
    figma.add(card, shoe)
    expect((await readSelectionAsync(select(shoe))).scene).toBeUndefined()
    expect((await readSelectionAsync(select(perfume))).scene?.backgroundId).toBe(poster.id)
  })

  it("a picture filling most of its frame is the frame's picture, not a subject standing in it", async () => {
    perfume.resize(1100, 700)
    expect((await readSelectionAsync(select(perfume))).scene).toBeUndefined()
  })

  it('the subject selected with its frame is the frame alone, as Figma keeps it: the subject alone finds the frame', async () => {
    // "the array will never contain both a node and one of its descendents" (PageNode.selection)
    figma.currentPage.selection = [poster, perfume]
    expect(figma.currentPage.selection.map((node) => node.id)).toEqual([poster.id])
    expect(
      (await readSelectionAsync(figma.currentPage.selection as unknown as SceneNode[])).scene
    ).toBeUndefined()
    expect((await readSelectionAsync(select(perfume))).scene?.backgroundId).toBe(poster.id)
  })

  it('exports the frame marked as holding the subject, changing nothing in the document and leaving no undo step', async () => {
    const before = snapshot()
    const result = await exportLayersAsync([perfume.id], SPEC, { background: poster.id })
    if ('error' in result) throw new Error(result.error)
    const background = result.layers[0]!.background!
    expect(background).toMatchObject({ id: poster.id, name: 'Dusk', within: true, width: 1024, height: 683 })
    expect(background.placement).toEqual({ x: 0.4, y: 0.375, width: 0.2, height: 0.5 })
    expect(figma.exportsOf(poster)).toHaveLength(1)
    expect(snapshot()).toBe(before)
    expect(figma.undoCommits).toBe(0)
    // A backdrop beside the subject does not hold it.
    const beside = await exportLayersAsync([product.id], SPEC, { background: kitchen.id })
    if ('error' in beside) throw new Error(beside.error)
    expect(beside.layers[0]!.background).not.toHaveProperty('within')
  })

  it('a frame Figma cannot export is an error naming the subject, and the document is as it was', async () => {
    const before = snapshot()
    figma.failExports(poster)
    const result = await exportLayersAsync([perfume.id], SPEC, { background: poster.id })
    expect(result).toEqual({ error: expect.stringMatching(/background of “Perfume”.*Failed to render/) })
    expect(snapshot()).toBe(before)
    expect(figma.undoCommits).toBe(0)
  })

  it("places the matched group in the frame at the subject's place, above it and under the caption, as one undo step", async () => {
    const request: InsertRequest = {
      sourceId: perfume.id,
      images: [png(24, 40)],
      params: PARAMS,
      scene: {
        backgroundName: 'Dusk',
        shadow: { bytes: png(40, 48), x: -10, y: -6, width: 280, height: 420 }
      }
    }
    const result = await insertResultsAsync(request)
    if ('error' in result) throw new Error(result.error)
    expect(poster.children.map((node) => node.name)).toEqual([
      'Perfume',
      'Perfume · matched to Dusk',
      'Caption'
    ])
    const group = poster.children[1] as FakeContainer
    const [shadow, relit] = group.children as FakeNode[]
    expect([relit!.x, relit!.y, relit!.width, relit!.height]).toEqual([480, 300, 240, 400])
    expect([shadow!.x, shadow!.y]).toEqual([470, 294])
    expect(perfume.visible).toBe(true)
    expect(figma.undoCommits).toBe(1)
  })
})

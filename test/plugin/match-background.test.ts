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
    // A layer it does not stand on entirely is no backdrop.
    product.x = 2400
    expect((await readSelectionAsync(select(product))).scene).toBeUndefined()
  })

  it('offers no scene for a mask pair, for layers side by side, or for a lone layer on nothing', async () => {
    const mask = layer('RECTANGLE', 'Product mask', { x: 1000, y: 500, width: 240, height: 320 })
    const aside = layer('RECTANGLE', 'Aside', { x: 3000, y: 100, width: 200, height: 200 })
    figma.add(board, mask, aside)
    expect((await readSelectionAsync(select(product, mask))).scene).toBeUndefined()
    expect((await readSelectionAsync(select(kitchen, aside))).scene).toBeUndefined()
    expect((await readSelectionAsync(select(aside))).scene).toBeUndefined()
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

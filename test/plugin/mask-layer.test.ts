/**
 * The mask layer (maskMode "image"): the selection names it, and an export with masks renders its pixels
 * over exactly the subject's box at exactly the subject's export size, leaving the document as it was.
 */
import sharp from 'sharp'
import { beforeEach, describe, expect, it } from 'vitest'

import { exportLayersAsync } from '../../src/plugin/export-layers-async.js'
import { readSelectionAsync } from '../../src/plugin/read-selection-async.js'
import type { SizeSpec } from '../../src/protocol/catalog.js'
import { createFakeFigma, type FakeFigma, type FakeNode, installFigma, layer } from './fake-figma.js'

const SPEC: SizeSpec = { min: 256, max: 1024, multiple: 64, defaultLongSide: 1024, upscale: true }

let figma: FakeFigma

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
})

function select(...nodes: FakeNode[]): SceneNode[] {
  figma.currentPage.selection = nodes
  return nodes as unknown as SceneNode[]
}

describe('mask layer in the selection', () => {
  it('two layers, one named “… mask”: one layer to relight, with that mask', async () => {
    const bottle = layer('RECTANGLE', 'Bottle', { width: 300, height: 500 })
    const mask = layer('RECTANGLE', 'Bottle mask', { width: 300, height: 500 })
    figma.add(figma.currentPage, mask, bottle)
    const state = await readSelectionAsync(select(mask, bottle))
    expect(state.layers.map((selected) => [selected.name, selected.maskLayer])).toEqual([
      ['Bottle', { id: mask.id, name: 'Bottle mask' }]
    ])
  })

  it('two layers with no “mask” name: the upper one is offered as the lower one’s mask', async () => {
    const lower = layer('RECTANGLE', 'Photo', { width: 300, height: 500 })
    const upper = layer('ELLIPSE', 'Spot', { width: 100, height: 100 })
    figma.add(figma.currentPage, lower, upper)
    const state = await readSelectionAsync(select(upper, lower))
    expect(state.layers.map((selected) => [selected.name, selected.maskLayer?.name])).toEqual([
      ['Spot', undefined],
      ['Photo', 'Spot']
    ])
  })

  it('two layers in different frames: the one drawn on top is the mask, whatever the selection order', async () => {
    const back = layer('FRAME', 'Back', { width: 400, height: 400 })
    const front = layer('FRAME', 'Front', { width: 400, height: 400 })
    const photo = layer('RECTANGLE', 'Photo', { width: 300, height: 300 })
    const shape = layer('ELLIPSE', 'Shape', { width: 100, height: 100 })
    figma.add(figma.currentPage, back, front)
    figma.add(back, photo)
    figma.add(front, shape)
    for (const order of [
      [photo, shape],
      [shape, photo]
    ]) {
      const state = await readSelectionAsync(select(...order))
      expect(state.layers.find((selected) => selected.name === 'Photo')?.maskLayer?.name).toBe('Shape')
    }
  })

  it('one layer: a sibling right next to it named “<anything> mask”', async () => {
    const bottle = layer('RECTANGLE', 'Bottle', { width: 300, height: 500 })
    const mask = layer('RECTANGLE', 'Soft mask', { width: 300, height: 500 }, { visible: false })
    const far = layer('RECTANGLE', 'Far mask', { width: 10, height: 10 })
    figma.add(figma.currentPage, far, layer('RECTANGLE', 'Other', { width: 1, height: 1 }), bottle, mask)
    const state = await readSelectionAsync(select(bottle))
    expect(state.layers[0].maskLayer).toEqual({ id: mask.id, name: 'Soft mask' })
    // "Far mask" is a sibling of the bottle, but not next to it; a layer alone in its frame has no mask.
    expect(state.layers[0].maskLayer?.name).not.toBe('Far mask')
    const frame = layer('FRAME', 'Frame', { width: 100, height: 100 })
    const alone = layer('RECTANGLE', 'Alone', { width: 10, height: 10 })
    figma.add(figma.currentPage, frame)
    figma.add(frame, alone)
    expect((await readSelectionAsync(select(alone))).layers[0].maskLayer).toBeUndefined()
  })
})

describe('exporting with masks', () => {
  it('renders the mask over the subject’s box at the subject’s export size, then removes its helper', async () => {
    const board = layer('FRAME', 'Board', { x: 50, y: 50, width: 2000, height: 2000 })
    const bottle = layer('RECTANGLE', 'Bottle', { x: 100, y: 100, width: 300, height: 500 })
    const mask = layer(
      'RECTANGLE',
      'Bottle mask',
      { x: 150, y: 150, width: 100, height: 100 },
      { visible: false }
    )
    figma.add(figma.currentPage, board)
    figma.add(board, bottle, mask)
    select(bottle)
    const before = figma.currentPage.findAll().map((node) => node.id)
    const result = await exportLayersAsync([bottle.id], SPEC, { masks: true })
    if ('error' in result) throw new Error(result.error)
    const [exported] = result.layers
    expect(exported.mask?.layerName).toBe('Bottle mask')
    const meta = await sharp(exported.mask!.bytes).metadata()
    expect([meta.width, meta.height]).toEqual([exported.width, exported.height])
    expect(figma.currentPage.findAll().map((node) => node.id)).toEqual(before)
    expect(mask.visible).toBe(false)
  })

  it('says which layer has no mask instead of exporting without one', async () => {
    const bottle = layer('RECTANGLE', 'Bottle', { width: 300, height: 500 })
    figma.add(figma.currentPage, bottle)
    select(bottle)
    expect(await exportLayersAsync([bottle.id], SPEC, { masks: true })).toEqual({
      error: expect.stringContaining('“Bottle” has no mask layer')
    })
  })
})

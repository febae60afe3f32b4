/**
 * Results go where the designer is told they went, and a recorded source is trusted only when it is
 * provably the same layer in the same file.
 */
// insert-results-async imports @create-figma-plugin/utilities, which needs a `figma` when imported.
import '../ui/install-fake-figma.js'

import { beforeEach, describe, expect, it } from 'vitest'

import { insertResultsAsync, PLUGIN_DATA_KEY } from '../../src/plugin/insert-results-async.js'
import { readSelectionAsync } from '../../src/plugin/read-selection-async.js'
import { createFakeFigma, type FakeFigma, type FakeNode, installFigma, layer, png } from './fake-figma.js'

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

describe('a source on another page', () => {
  it('gets its results beside it on its page, the answer names the page, a toast offers to go there', async () => {
    const products = figma.addPage('Products')
    const bottle = layer('RECTANGLE', 'Bottle', { x: 0, y: 0, width: 100, height: 100 })
    products.adopt(bottle)
    const here = layer('RECTANGLE', 'Here', { width: 10, height: 10 })
    figma.add(figma.currentPage, here)
    figma.currentPage.selection = [here]
    const result = await insertResultsAsync({ sourceId: bottle.id, images: [png()], params: PARAMS })
    if ('error' in result) throw new Error(result.error)
    expect(result.page).toEqual({ id: products.id, name: 'Products' })
    const node = figma.model.getNode(result.nodeIds[0]) as FakeNode
    expect(node.parent).toBe(products)
    expect(node.x).toBe(140)
    // The designer's page and selection stay as they were; the toast says where the result is.
    expect(figma.currentPage.selection).toEqual([here])
    const toast = figma.toasts.at(-1)!
    expect(toast.message).toBe('1 relit layer went beside its original on page “Products”.')
    expect(toast.options.button?.text).toBe('Show')
    toast.options.button?.action()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(figma.currentPage).toBe(products)
    expect(products.selection).toEqual([node])
    expect(figma.undoCommits).toBe(1)
  })
})

describe('a result pasted into another file', () => {
  it('is relit as itself even when its source id names a layer in the new file', async () => {
    // File A: relight the bottle.
    const bottle = layer('RECTANGLE', 'Bottle', { width: 300, height: 500 })
    figma.add(figma.currentPage, bottle)
    const result = await insertResultsAsync({ sourceId: bottle.id, images: [png()], params: PARAMS })
    if ('error' in result) throw new Error(result.error)
    const data = (figma.model.getNode(result.nodeIds[0]) as FakeNode).getPluginData(PLUGIN_DATA_KEY)

    // File B: a fresh document where an unrelated layer happens to get the bottle's id.
    figma = createFakeFigma()
    installFigma(figma)
    let logo = layer('RECTANGLE', 'Logo', { width: 50, height: 50 })
    while (logo.id !== bottle.id) logo = layer('RECTANGLE', 'Logo', { width: 50, height: 50 })
    const pasted = layer('RECTANGLE', 'Bottle · relit 1', { width: 300, height: 500 })
    pasted.setPluginData(PLUGIN_DATA_KEY, data)
    figma.add(figma.currentPage, logo, pasted)
    const state = await readSelectionAsync([pasted] as unknown as SceneNode[])
    expect(state.layers.map((selected) => [selected.id, selected.fromResults])).toEqual([
      [pasted.id, undefined]
    ])
  })

  it('a source whose mark changed (another layer now under that id) is not trusted either', async () => {
    const bottle = layer('RECTANGLE', 'Bottle', { width: 300, height: 500 })
    figma.add(figma.currentPage, bottle)
    const result = await insertResultsAsync({ sourceId: bottle.id, images: [png()], params: PARAMS })
    if ('error' in result) throw new Error(result.error)
    const copy = figma.model.getNode(result.nodeIds[0]) as FakeNode
    expect((await readSelectionAsync([copy] as unknown as SceneNode[])).layers[0].id).toBe(bottle.id)
    bottle.setPluginData('relight-source-mark', 'someone-else')
    expect((await readSelectionAsync([copy] as unknown as SceneNode[])).layers[0].id).toBe(copy.id)
  })
})

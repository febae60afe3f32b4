// insert-results-async imports @create-figma-plugin/utilities, which needs a `figma` when imported.
import '../ui/install-fake-figma.js'

import { beforeEach, describe, expect, it } from 'vitest'

import { insertResultsAsync, PLUGIN_DATA_KEY } from '../../src/plugin/insert-results-async.js'
import { readSelectionAsync } from '../../src/plugin/read-selection-async.js'
import { MAX_LAYERS } from '../../src/protocol/events.js'
import { createFakeFigma, type FakeFigma, type FakeNode, installFigma, layer, png } from './fake-figma.js'

let figma: FakeFigma

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
})

function nodes(...list: ReturnType<typeof layer>[]): SceneNode[] {
  figma.add(figma.currentPage, ...list)
  return list as unknown as SceneNode[]
}

describe('readSelectionAsync', () => {
  it('asks for a layer when nothing is selected', async () => {
    const state = await readSelectionAsync([])
    expect(state.layers).toEqual([])
    expect(state.message).toMatch(/^Select a layer/)
  })

  it('explains when nothing selected can be exported', async () => {
    const state = await readSelectionAsync(
      nodes(
        layer('RECTANGLE', 'Hidden', { width: 10, height: 10 }, { visible: false }),
        layer('SLICE', 'Slice', { width: 100, height: 100 }),
        layer('LINE', 'Line', { width: 100, height: 0 })
      )
    )
    expect(state.layers).toEqual([])
    expect(state.skipped).toBe(3)
    expect(state.message).toMatch(/None of the selected layers can be relit/)
  })

  it('keeps the exportable layers and says how many were skipped', async () => {
    const state = await readSelectionAsync(
      nodes(
        layer('RECTANGLE', 'Bottle', { width: 300, height: 500 }),
        layer('RECTANGLE', 'Hidden', { width: 10, height: 10 }, { visible: false })
      )
    )
    expect(state.layers.map((selected) => selected.name)).toEqual(['Bottle'])
    expect(state.skipped).toBe(1)
    expect(state.message).toMatch(/^1 of the selected layers can't be relit/)
  })

  it('reports name, size and a thumbnail no longer than 512 px on its long side (crisp at 2×)', async () => {
    const [big, small] = nodes(
      layer('FRAME', 'Poster', { width: 1200, height: 1800 }),
      layer('RECTANGLE', 'Chip', { width: 120, height: 40 })
    ) as unknown as ReturnType<typeof layer>[]
    const state = await readSelectionAsync([big, small] as unknown as SceneNode[])
    expect(state.message).toBeUndefined()
    expect(state.layers[0]).toMatchObject({ id: big.id, name: 'Poster', width: 1200, height: 1800 })
    expect(state.layers[0].thumbnail).toBeInstanceOf(Uint8Array)
    expect(figma.exportsOf(big)).toEqual([{ format: 'PNG', constraint: { type: 'HEIGHT', value: 512 } }])
    expect(figma.exportsOf(small)).toEqual([{ format: 'PNG', constraint: { type: 'WIDTH', value: 120 } }])
  })

  it('sends a null thumbnail when Figma cannot export one', async () => {
    const odd = layer('RECTANGLE', 'Odd', { width: 10, height: 10 })
    figma.failExports(odd)
    const state = await readSelectionAsync(nodes(odd))
    expect(state.layers[0].thumbnail).toBeNull()
  })

  it(`uses at most ${MAX_LAYERS} layers and says so`, async () => {
    const many = Array.from({ length: MAX_LAYERS + 2 }, (_, index) =>
      layer('RECTANGLE', `L${index}`, { width: 10, height: 10 })
    )
    const state = await readSelectionAsync(nodes(...many))
    expect(state.layers).toHaveLength(MAX_LAYERS)
    expect(state.skipped).toBe(2)
    expect(state.message).toMatch(/up to 8 layers/)
  })

  describe('selected Relight results', () => {
    const params = {
      jobId: 'j',
      model: 'local/studio',
      prompt: 'warm',
      lightSource: 'left',
      seed: null
    } as const

    async function relitCopies(source: ReturnType<typeof layer>, count: number) {
      const result = await insertResultsAsync({
        sourceId: source.id,
        images: Array.from({ length: count }, () => png()),
        params
      })
      if ('error' in result) throw new Error(result.error)
      return figma.currentPage.children.filter((node) => result.nodeIds.includes(node.id))
    }

    it('stand for their source, once, and say so (pressing Relight again relights the original)', async () => {
      const [bottle] = nodes(layer('RECTANGLE', 'Bottle', { x: 0, y: 0, width: 300, height: 500 }))
      const copies = await relitCopies(bottle as unknown as ReturnType<typeof layer>, 4)
      const state = await readSelectionAsync(copies as unknown as SceneNode[])
      expect(state.layers.map((selected) => [selected.id, selected.name, selected.fromResults])).toEqual([
        [bottle.id, 'Bottle', 4]
      ])
      expect(state.skipped).toBe(0)
      expect(state.message).toBeUndefined()
    })

    it('keep a selected source once when it is selected with its results', async () => {
      const [bottle] = nodes(layer('RECTANGLE', 'Bottle', { width: 300, height: 500 }))
      const copies = await relitCopies(bottle as unknown as ReturnType<typeof layer>, 2)
      const state = await readSelectionAsync([bottle, ...copies] as unknown as SceneNode[])
      expect(state.layers.map((selected) => selected.id)).toEqual([bottle.id])
    })

    it('are relit as themselves when their source is gone, or when they carry no source', async () => {
      const [bottle] = nodes(layer('RECTANGLE', 'Bottle', { width: 300, height: 500 }))
      const [copy] = await relitCopies(bottle as unknown as ReturnType<typeof layer>, 1)
      ;(bottle as unknown as FakeNode).remove()
      const old = layer('RECTANGLE', 'Old · relit 1', { width: 10, height: 10 })
      old.setPluginData(PLUGIN_DATA_KEY, JSON.stringify(params))
      figma.add(figma.currentPage, old)
      const state = await readSelectionAsync([copy, old] as unknown as SceneNode[])
      expect(state.layers.map((selected) => [selected.id, selected.fromResults])).toEqual([
        [copy.id, undefined],
        [old.id, undefined]
      ])
    })
  })
})

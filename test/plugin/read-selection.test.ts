import { beforeEach, describe, expect, it } from 'vitest'

import { readSelectionAsync } from '../../src/plugin/read-selection-async.js'
import { MAX_LAYERS } from '../../src/protocol/events.js'
import { createFakeFigma, type FakeFigma, installFigma, layer } from './fake-figma.js'

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

  it('reports name, size and a thumbnail no longer than 256 px on its long side', async () => {
    const [big, small] = nodes(
      layer('FRAME', 'Poster', { width: 1200, height: 1800 }),
      layer('RECTANGLE', 'Chip', { width: 120, height: 40 })
    ) as unknown as ReturnType<typeof layer>[]
    const state = await readSelectionAsync([big, small] as unknown as SceneNode[])
    expect(state.message).toBeUndefined()
    expect(state.layers[0]).toMatchObject({ id: big.id, name: 'Poster', width: 1200, height: 1800 })
    expect(state.layers[0].thumbnail).toBeInstanceOf(Uint8Array)
    expect(big.exports).toEqual([{ format: 'PNG', constraint: { type: 'HEIGHT', value: 256 } }])
    expect(small.exports).toEqual([{ format: 'PNG', constraint: { type: 'WIDTH', value: 120 } }])
  })

  it('sends a null thumbnail when Figma cannot export one', async () => {
    const state = await readSelectionAsync(
      nodes(layer('RECTANGLE', 'Odd', { width: 10, height: 10 }, { failExport: true }))
    )
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
})

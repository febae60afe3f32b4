import sharp from 'sharp'
import { beforeEach, describe, expect, it } from 'vitest'

import { exportLayersAsync } from '../../src/plugin/export-layers-async.js'
import type { SizeSpec } from '../../src/protocol/catalog.js'
import { createFakeFigma, type FakeFigma, installFigma, layer } from './fake-figma.js'

const icLight: SizeSpec = { min: 256, max: 1024, multiple: 64, defaultLongSide: 1024, upscale: true }
const studio: SizeSpec = { min: 1, max: 4096, multiple: 1, defaultLongSide: 1024, upscale: false }

let figma: FakeFigma

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
})

describe('exportLayersAsync', () => {
  it('exports a wide layer with its width at the model size', async () => {
    const wide = layer('FRAME', 'Banner', { width: 3000, height: 1000 })
    figma.add(figma.currentPage, wide)
    const result = await exportLayersAsync([wide.id], icLight)
    expect(figma.exportsOf(wide)).toEqual([{ format: 'PNG', constraint: { type: 'WIDTH', value: 1024 } }])
    expect(result).toMatchObject({ layers: [{ id: wide.id, width: 1024, height: 341, layerWidth: 3000 }] })
  })

  it('exports a tall layer with its height at the model size', async () => {
    const tall = layer('RECTANGLE', 'Bottle', { width: 400, height: 1600 })
    figma.add(figma.currentPage, tall)
    await exportLayersAsync([tall.id], icLight)
    expect(figma.exportsOf(tall)).toEqual([{ format: 'PNG', constraint: { type: 'HEIGHT', value: 1024 } }])
  })

  it('never exports bigger than the layer for a model that does not upscale', async () => {
    const small = layer('RECTANGLE', 'Icon', { width: 300, height: 200 })
    figma.add(figma.currentPage, small)
    const result = await exportLayersAsync([small.id], studio)
    expect(figma.exportsOf(small)).toEqual([{ format: 'PNG', constraint: { type: 'WIDTH', value: 300 } }])
    expect(result).toMatchObject({ layers: [{ width: 300, height: 200 }] })
  })

  it('exports several layers, one image each', async () => {
    const a = layer('RECTANGLE', 'A', { width: 2048, height: 1024 })
    const b = layer('RECTANGLE', 'B', { width: 100, height: 100 })
    figma.add(figma.currentPage, a, b)
    const result = await exportLayersAsync([a.id, b.id], studio)
    expect('layers' in result && result.layers.map((exported) => exported.name)).toEqual(['A', 'B'])
    expect(figma.exportsOf(a)).toEqual([{ format: 'PNG', constraint: { type: 'WIDTH', value: 1024 } }])
  })

  it('answers with an error when a layer is gone or hidden', async () => {
    const hidden = layer('RECTANGLE', 'Hidden', { width: 100, height: 100 }, { visible: false })
    figma.add(figma.currentPage, hidden)
    expect(await exportLayersAsync(['404:1'], studio)).toEqual({
      error: expect.stringContaining('gone or hidden')
    })
    expect(await exportLayersAsync([hidden.id], studio)).toEqual({
      error: expect.stringContaining('gone or hidden')
    })
  })

  it('answers with an error when Figma cannot export the layer', async () => {
    const broken = layer('RECTANGLE', 'Broken', { width: 100, height: 100 })
    figma.add(figma.currentPage, broken)
    figma.failExports(broken)
    expect(await exportLayersAsync([broken.id], studio)).toEqual({
      error: expect.stringContaining('“Broken”')
    })
  })

  it('measures a rotated layer by what it renders: the exported size matches the image’s real size', async () => {
    const tilted = layer('RECTANGLE', 'Tilted', { width: 400, height: 100 }, { rotation: 90 })
    figma.add(figma.currentPage, tilted)
    const result = await exportLayersAsync([tilted.id], studio)
    if ('error' in result) throw new Error(result.error)
    const [exported] = result.layers
    // Turned 90°, the 400 × 100 layer renders 100 wide and 400 tall; the export covers that box.
    expect([exported.layerWidth, exported.layerHeight]).toEqual([100, 400])
    const meta = await sharp(exported.bytes).metadata()
    expect([exported.width, exported.height]).toEqual([meta.width, meta.height])
    expect([meta.width, meta.height]).toEqual([100, 400])
  })
})

/**
 * A result Figma cannot take, or a place it refuses, ends in a clear error naming the layer, with nothing
 * left behind on the canvas.
 */
// insert-results-async imports @create-figma-plugin/utilities, which needs a `figma` when imported.
import '../ui/install-fake-figma.js'

import sharp from 'sharp'
import { beforeEach, describe, expect, it } from 'vitest'

import { insertResultsAsync } from '../../src/plugin/insert-results-async.js'
import { placeRectangles } from '../../src/plugin/place-rectangles.js'
import { createFakeFigma, type FakeFigma, installFigma, layer, png } from './fake-figma.js'

const PARAMS = {
  jobId: 'job-1',
  model: 'replicate/iclight',
  prompt: 'warm',
  lightSource: 'left',
  seed: 7
} as const

let figma: FakeFigma

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
})

function everything(): string[] {
  return figma.currentPage.findAll().map((node) => node.id)
}

describe('a result that cannot be placed', () => {
  it('a WebP result: an error naming the layer and the format, and no stray layer', async () => {
    const bottle = layer('RECTANGLE', 'Bottle', { x: 0, y: 0, width: 100, height: 100 })
    figma.add(figma.currentPage, bottle)
    const before = everything()
    const webp = new Uint8Array(await sharp(png(16, 16)).webp().toBuffer())
    const result = await insertResultsAsync({ sourceId: bottle.id, images: [png(), webp], params: PARAMS })
    expect(result).toEqual({ error: expect.stringMatching(/“Bottle”.*unsupported.*another output format/) })
    expect(everything()).toEqual(before)
    expect(figma.undoCommits).toBe(0)
  })

  it('a result over 4096 px a side: an error, and nothing created', async () => {
    const bottle = layer('RECTANGLE', 'Bottle', { x: 0, y: 0, width: 100, height: 100 })
    figma.add(figma.currentPage, bottle)
    const before = everything()
    const result = await insertResultsAsync({ sourceId: bottle.id, images: [png(4100, 2)], params: PARAMS })
    expect(result).toEqual({ error: expect.stringMatching(/“Bottle”.*too large/) })
    expect(everything()).toEqual(before)
  })

  it('a parent that refuses the new layers (an instance): the error goes on, no stray rectangle stays at 0,0', () => {
    const card = layer('INSTANCE', 'Card', { x: 500, y: 500, width: 100, height: 100 })
    figma.add(figma.currentPage, card)
    const before = everything()
    const image = (figma.api as unknown as PluginAPI).createImage(png())
    const spec = { box: { x: 0, y: 0, width: 10, height: 10 }, name: 'R', image, pluginData: '{}' }
    expect(() => placeRectangles(card as unknown as FrameNode, 0, [spec, spec], 'relight')).toThrow(
      /instance/
    )
    expect(everything()).toEqual(before)
  })
})

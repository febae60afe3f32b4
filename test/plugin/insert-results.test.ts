// insert-results-async imports @create-figma-plugin/utilities, which needs a `figma` when imported.
import '../ui/install-fake-figma.js'

import { beforeEach, describe, expect, it } from 'vitest'

import { insertResultsAsync, PLUGIN_DATA_KEY } from '../../src/plugin/insert-results-async.js'
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

const PNG = png()
const PARAMS = {
  jobId: 'job-1',
  model: 'local/studio',
  prompt: 'warm sunset',
  lightSource: 'left',
  seed: 7
} as const

let figma: FakeFigma
let frame: FakeContainer
let bottle: FakeNode

function request(count: number, sourceId = bottle.id): InsertRequest {
  return { sourceId, images: Array.from({ length: count }, () => PNG), params: PARAMS }
}

function inserted(result: Awaited<ReturnType<typeof insertResultsAsync>>): FakeNode[] {
  if ('error' in result) throw new Error(result.error)
  return result.nodeIds.map((id) => frame.children.find((node) => node.id === id) as FakeNode)
}

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
  frame = layer('FRAME', 'Board', { width: 4000, height: 2000 })
  bottle = layer('RECTANGLE', 'Bottle', { x: 100, y: 200, width: 300, height: 500 })
  figma.add(figma.currentPage, frame)
  figma.add(frame, bottle)
})

describe('insertResultsAsync', () => {
  it('places a result 40 px to the right of the original, at its size, in the same parent', async () => {
    const [node] = inserted(await insertResultsAsync(request(1)))
    expect(node.parent).toBe(frame)
    expect({ x: node.x, y: node.y, width: node.width, height: node.height }).toEqual({
      x: 100 + 300 + 40,
      y: 200,
      width: 300,
      height: 500
    })
  })

  it('fills the rectangle with the image, scale mode FILL, and names it after the original', async () => {
    const [node] = inserted(await insertResultsAsync(request(1)))
    expect(node.type).toBe('RECTANGLE')
    const [fill] = node.fills
    expect(fill).toMatchObject({ type: 'IMAGE', scaleMode: 'FILL' })
    const image = figma.model.images.get(fill.type === 'IMAGE' ? (fill.imageHash ?? '') : '')
    expect(await image?.getBytesAsync()).toEqual(PNG)
    expect(node.name).toBe('Bottle · warm sunset · left 1')
  })

  it('records job id, model, prompt, light, seed and the source layer in plugin data', async () => {
    const [node] = inserted(await insertResultsAsync(request(1)))
    expect(JSON.parse(node.getPluginData(PLUGIN_DATA_KEY))).toEqual({
      ...PARAMS,
      sourceId: bottle.id,
      variation: 0,
      fileId: expect.any(String),
      sourceMark: bottle.getPluginData('relight-source-mark'),
      sourceName: 'Bottle'
    })
  })

  it('records the variations it was given, so a result picked from several keeps its own seed', async () => {
    const nodes = inserted(await insertResultsAsync({ ...request(2), variations: [1, 3] }))
    const data = nodes.map(
      (node) => JSON.parse(node.getPluginData(PLUGIN_DATA_KEY)) as Record<string, unknown>
    )
    expect(data.map((entry) => [entry.seed, entry.variation])).toEqual([
      [8, 1],
      [10, 3]
    ])
  })

  it('names results by a shortened prompt, and leaves out the light when there was none', async () => {
    const long = 'soft golden hour light through a dusty window, late afternoon'
    const [first] = inserted(
      await insertResultsAsync({ ...request(1), params: { ...PARAMS, prompt: long, lightSource: 'none' } })
    )
    expect(first.name).toBe('Bottle · soft golden hour light… 1')
  })

  it('gives each result the relaunch buttons the manifest declares, saying what "again" does', async () => {
    const [node] = inserted(await insertResultsAsync(request(1)))
    expect(node.getRelaunchData()).toEqual({
      'relight-again': 'Relight “Bottle” again: warm sunset · left',
      'relight-settings': ''
    })
  })

  it('records a distinct seed and the index of each variation', async () => {
    const nodes = inserted(await insertResultsAsync(request(3)))
    const data = nodes.map(
      (node) => JSON.parse(node.getPluginData(PLUGIN_DATA_KEY)) as Record<string, unknown>
    )
    expect(data.map((entry) => [entry.seed, entry.variation])).toEqual([
      [7, 0],
      [8, 1],
      [9, 2]
    ])
  })

  it('names the results of a result relit as itself after the original: never stacked names', async () => {
    const [relit] = inserted(await insertResultsAsync(request(1)))
    const again = inserted(await insertResultsAsync(request(2, relit.id)))
    expect(again.map((node) => node.name)).toEqual([
      'Bottle · warm sunset · left 2',
      'Bottle · warm sunset · left 3'
    ])
    expect(JSON.parse(again[0].getPluginData(PLUGIN_DATA_KEY)).sourceId).toBe(relit.id)
  })

  it('within a run, leaves selection, scrolling and the undo step to the end of the run', async () => {
    inserted(await insertResultsAsync({ ...request(2), runId: 'run-1' }))
    expect(figma.currentPage.selection).toEqual([])
    expect(figma.scrolledTo).toEqual([])
    expect(figma.undoCommits).toBe(0)
  })

  it('puts several results in a row, 40 px apart, numbered in order', async () => {
    const nodes = inserted(await insertResultsAsync(request(3)))
    expect(nodes.map((node) => [node.x, node.y])).toEqual([
      [440, 200],
      [780, 200],
      [1120, 200]
    ])
    expect(nodes.map((node) => node.name)).toEqual([
      'Bottle · warm sunset · left 1',
      'Bottle · warm sunset · left 2',
      'Bottle · warm sunset · left 3'
    ])
  })

  it('skips a slot in the row that another layer occupies', async () => {
    const label = layer('TEXT', 'Label', { x: 500, y: 650, width: 120, height: 30 })
    figma.add(frame, label)
    const nodes = inserted(await insertResultsAsync(request(2)))
    // The first slot (440..740) would cover the label; the result moves 40 px past it.
    expect(nodes.map((node) => node.x)).toEqual([660, 1000])
    for (const node of nodes) {
      const overlapsLabel = node.x < label.x + label.width && label.x < node.x + node.width
      expect(overlapsLabel).toBe(false)
    }
  })

  it('ignores layers outside the row', async () => {
    figma.add(frame, layer('TEXT', 'Caption', { x: 500, y: 900, width: 200, height: 40 }))
    const [node] = inserted(await insertResultsAsync(request(1)))
    expect(node.x).toBe(440)
  })

  it('does not cover earlier results: a second run goes after them and continues the numbering', async () => {
    inserted(await insertResultsAsync(request(2)))
    const again = inserted(await insertResultsAsync(request(1)))
    expect(again[0].x).toBe(1120)
    expect(again[0].name).toBe('Bottle · warm sunset · left 3')
  })

  it('selects the new layers, scrolls them into view and commits one undo step', async () => {
    const nodes = inserted(await insertResultsAsync(request(2)))
    expect(figma.currentPage.selection).toEqual(nodes)
    // The viewport frames the original together with its results, to compare them on the canvas.
    expect(figma.scrolledTo).toEqual([[bottle, ...nodes]])
    expect(figma.undoCommits).toBe(1)
  })

  it('answers with an error and creates nothing when the original is gone', async () => {
    const result = await insertResultsAsync(request(1, '999:999'))
    expect(result).toEqual({ error: expect.stringContaining('deleted') })
    expect(frame.children).toEqual([bottle])
    expect(figma.undoCommits).toBe(0)
  })

  it('creates nothing when Figma rejects one of the images', async () => {
    const result = await insertResultsAsync({ ...request(1), images: [PNG, new Uint8Array()] })
    expect(result).toEqual({ error: expect.stringContaining('could not use a result image') })
    expect(frame.children).toEqual([bottle])
    expect(figma.currentPage.children).toEqual([frame])
  })
})

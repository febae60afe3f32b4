import { describe, expect, it } from 'vitest'

import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../src/plugin/default-settings.js'
import type { SelectionState } from '../../src/protocol/events.js'
import { createFakeFigma, installFigma, layer, png } from './fake-figma.js'

// The utilities module binds figma.ui.onmessage when imported: install the fake before importing main.
const figma = createFakeFigma()
installFigma(figma)
;(globalThis as { __html__?: string }).__html__ = '/* ui bundle */'
figma.storage.set(SETTINGS_KEY, { prompt: 'golden hour' })
const bottle = layer('RECTANGLE', 'Bottle', { x: 10, y: 10, width: 300, height: 500 })
figma.add(figma.currentPage, bottle)
const { default: main } = await import('../../src/plugin/main.js')
await main()

const ui = figma.api.ui as { onmessage: (message: unknown) => void }
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

function lastPosted(name: string): unknown[] {
  const found = (figma.posted as unknown[][]).filter((message) => message[0] === name).at(-1)
  if (!found) throw new Error(`nothing posted as ${name}`)
  return found
}

describe('main', () => {
  it('opens a 320×600 window last, with the stored settings as initial props', () => {
    expect(figma.showUICalls).toHaveLength(1)
    const { html, options } = figma.showUICalls[0]
    expect(options).toMatchObject({ width: 320, height: 600, themeColors: true })
    expect(html).toContain(JSON.stringify({ settings: { ...DEFAULT_SETTINGS, prompt: 'golden hour' } }))
  })

  it('sends the selection once the UI is ready, and again on every selection change', async () => {
    expect(figma.posted).toEqual([])
    figma.currentPage.selection = [bottle]
    ui.onmessage(['UI_READY'])
    await flush()
    const [, first] = lastPosted('SELECTION_CHANGED') as [string, SelectionState]
    expect(first.layers.map((selected) => selected.name)).toEqual(['Bottle'])

    figma.currentPage.selection = []
    figma.fire('selectionchange')
    await flush()
    const [, second] = lastPosted('SELECTION_CHANGED') as [string, SelectionState]
    expect(second.layers).toEqual([])
    expect(second.message).toMatch(/^Select a layer/)
  })

  it('answers EXPORT_REQUEST with EXPORT_RESULT under the same request id', async () => {
    ui.onmessage([
      'EXPORT_REQUEST',
      'r1',
      [bottle.id],
      { min: 1, max: 4096, multiple: 1, defaultLongSide: 1024, upscale: false }
    ])
    await flush()
    const [, id, result] = lastPosted('EXPORT_RESULT')
    expect(id).toBe('r1')
    expect(result).toMatchObject({ layers: [{ id: bottle.id, width: 300, height: 500 }] })
  })

  it('answers INSERT_REQUEST with the new node ids', async () => {
    const params = { jobId: 'j', model: 'local/studio', prompt: 'p', lightSource: 'left', seed: null }
    ui.onmessage(['INSERT_REQUEST', 'r2', { sourceId: bottle.id, images: [png()], params }])
    await flush()
    const [, id, result] = lastPosted('INSERT_RESULT') as [string, string, { nodeIds: string[] }]
    expect(id).toBe('r2')
    expect(result.nodeIds).toHaveLength(1)
  })

  it('a run over several layers: all its results selected and in view together, as one undo step', async () => {
    const camera = layer('RECTANGLE', 'Camera', { x: 10, y: 700, width: 200, height: 200 })
    figma.add(figma.currentPage, camera)
    const params = { jobId: 'j1', model: 'local/studio', prompt: 'p', lightSource: 'left', seed: null }
    const undoBefore = figma.undoCommits
    const scrollsBefore = figma.scrolledTo.length
    const images = [png(), png(4, 4)]
    ui.onmessage(['INSERT_REQUEST', 'r3', { sourceId: bottle.id, images, params, runId: 'run-7' }])
    await flush()
    ui.onmessage([
      'INSERT_REQUEST',
      'r4',
      { sourceId: camera.id, images, params: { ...params, jobId: 'j2' }, runId: 'run-7' }
    ])
    await flush()
    // Nothing selected or committed while the run goes on: each insert is not its own undo step.
    expect(figma.undoCommits).toBe(undoBefore)
    expect(figma.scrolledTo).toHaveLength(scrollsBefore)

    ui.onmessage(['RUN_FINISHED', 'run-7'])
    await flush()
    const ids = [
      lastPosted('INSERT_RESULT'),
      (figma.posted as unknown[][]).filter((m) => m[0] === 'INSERT_RESULT').at(-2)!
    ].flatMap((message) => (message[2] as { nodeIds: string[] }).nodeIds)
    expect(ids).toHaveLength(4)
    expect(figma.currentPage.selection.map((node) => node.id).sort()).toEqual([...ids].sort())
    expect(figma.scrolledTo).toHaveLength(scrollsBefore + 1)
    expect(figma.undoCommits).toBe(undoBefore + 1)

    // In rows, with no overlap between any two layers on the page.
    const boxes = figma.currentPage.children
    for (const a of boxes) {
      for (const b of boxes) {
        if (a === b) continue
        const overlap =
          a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
        expect(overlap, `${a.name} / ${b.name}`).toBe(false)
      }
    }
  })

  it('persists SAVE_SETTINGS and shows NOTIFY as a Figma toast', async () => {
    const next = { ...DEFAULT_SETTINGS, token: 'secret-token' }
    ui.onmessage(['SAVE_SETTINGS', next])
    ui.onmessage(['NOTIFY', 'Placed 1 relit layer on the canvas.', { error: false }])
    await flush()
    expect(figma.storage.get(SETTINGS_KEY)).toEqual(next)
    expect(figma.notifications).toEqual(['Placed 1 relit layer on the canvas.'])
  })
})

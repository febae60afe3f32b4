import { describe, expect, it } from 'vitest'

import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../src/plugin/default-settings.js'
import type { SelectionState } from '../../src/protocol/events.js'
import { createFakeFigma, installFigma, layer } from './fake-figma.js'

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
  it('opens a 320×560 window last, with the stored settings as initial props', () => {
    expect(figma.showUICalls).toHaveLength(1)
    const { html, options } = figma.showUICalls[0]
    expect(options).toMatchObject({ width: 320, height: 560, themeColors: true })
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
    ui.onmessage(['INSERT_REQUEST', 'r2', { sourceId: bottle.id, images: [new Uint8Array([1])], params }])
    await flush()
    const [, id, result] = lastPosted('INSERT_RESULT') as [string, string, { nodeIds: string[] }]
    expect(id).toBe('r2')
    expect(result.nodeIds).toHaveLength(1)
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

/**
 * Every request the UI sends gets an answer from the main thread, even when handling it throws: the UI never
 * waits on silence, and the answer names the layer.
 */
import { describe, expect, it } from 'vitest'

import { createFakeFigma, installFigma, layer } from './fake-figma.js'

// The utilities module binds figma.ui.onmessage when imported: install the fake before importing main.
const figma = createFakeFigma()
installFigma(figma)
;(globalThis as { __html__?: string }).__html__ = '/* ui bundle */'
const bottle = layer('RECTANGLE', 'Bottle', { x: 10, y: 10, width: 300, height: 500 })
figma.add(figma.currentPage, bottle)
const { default: main } = await import('../../src/plugin/main.js')
await main()

const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

function answer(name: string, requestId: string): unknown {
  const found = (figma.posted as unknown[][]).find(
    (message) => message[0] === name && message[1] === requestId
  )
  return found?.[2]
}

describe('main thread answers', () => {
  it('INSERT_REQUEST that throws while placing answers with an error naming the layer', async () => {
    const params = { jobId: 'j', model: 'local/studio', prompt: 'p', lightSource: 'left', seed: null }
    figma.ui.send(['INSERT_REQUEST', 'broken-insert', { sourceId: bottle.id, images: null, params }])
    await settle()
    expect(answer('INSERT_RESULT', 'broken-insert')).toEqual({ error: expect.stringContaining('“Bottle”') })
    expect(figma.currentPage.children).toEqual([bottle])
  })

  it('EXPORT_REQUEST that throws answers with an error naming the layer', async () => {
    figma.ui.send(['EXPORT_REQUEST', 'broken-export', [bottle.id], null])
    await settle()
    expect(answer('EXPORT_RESULT', 'broken-export')).toEqual({ error: expect.stringContaining('“Bottle”') })
  })

  it('a handler without an answer that fails shows a Figma error toast instead of failing silently', async () => {
    figma.ui.send(['FORGET_JOBS', null])
    await settle()
    expect(figma.toasts.at(-1)).toMatchObject({
      message: expect.stringMatching(/^Relight could not forget finished jobs/),
      options: { error: true }
    })
  })
})

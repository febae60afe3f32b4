/**
 * Where results land, in the playground (real built plugin, real gateway with the Studio engine, Chromium):
 * a photo inside a frame that clips, a photo deep inside a card instance, and a rotated layer with a drop
 * shadow each get a visible result — not clipped, on the page in view, the size the source renders at, clear
 * of every other layer — selected, as one undo step.
 */
import { describe, expect, it } from 'vitest'

import { expectVisibleBeside, layersOf, overlap, relight } from './placement-helpers.js'
import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-placement-')

describe('playground: placing results where they stay visible', () => {
  it('a photo inside a frame that clips: beside the frame, on the page', async () => {
    const session = await open()
    const { source, result, undo } = await relight(session, 'Hero photo')
    const hero = (await layersOf(session.page)).find((layer) => layer.name === 'Hero')!
    expect(result.parentId).toBe(hero.parentId)
    expect(overlap(result, hero)).toBe(false)
    expect(undo).toBe(1)
    await expectVisibleBeside(session, source, result)
  }, 120_000)

  it('a photo deep inside a card instance: beside the card, the card unchanged', async () => {
    const session = await open()
    const before = (await layersOf(session.page)).filter(
      (layer) => layer.name === 'Card' || layer.name === 'Media'
    )
    const { source, result, undo } = await relight(session, 'Card photo')
    const after = (await layersOf(session.page)).filter(
      (layer) => layer.name === 'Card' || layer.name === 'Media'
    )
    expect(after).toEqual(before)
    const card = after.find((layer) => layer.name === 'Card')!
    expect(result.parentId).toBe(card.parentId)
    expect(undo).toBe(1)
    await expectVisibleBeside(session, source, result)
  }, 120_000)

  it('a rotated layer with a shadow: the result has its rendered size, upright, beside it', async () => {
    const session = await open()
    const { source, result, undo } = await relight(session, 'Tilted camera')
    expect(source.rotation).toBe(20)
    // The export covers the rotated, shadowed box: wider and taller than the 200 × 150 layer.
    expect(result.width).toBeGreaterThan(200)
    expect(result.height).toBeGreaterThan(150)
    expect(undo).toBe(1)
    await expectVisibleBeside(session, source, result)
  }, 120_000)
})

/**
 * Where results land, in the playground (real built plugin, real gateway with the Studio engine, Chromium):
 * a photo inside a frame that clips, a photo deep inside a card instance, and a rotated layer with a drop
 * shadow each get a visible result — not clipped, on the page in view, the size the source renders at, clear
 * of every other layer — selected, as one undo step.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import type { LayerInfo } from '../../playground/page/test-hook.js'
import { type Session, usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-placement-')

type Box = { x: number; y: number; width: number; height: number }

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

function inside(a: Box, b: Box): boolean {
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height
}

const layersOf = (page: Page) => page.evaluate(() => window.playground.layers())

/** Selects `name` in the Layers panel, relights it and answers the source and its first result. */
async function relight(
  { page, plugin }: Session,
  name: string
): Promise<{ source: LayerInfo; result: LayerInfo; undo: number }> {
  const tree = page.getByRole('tree', { name: 'Layers' })
  await tree.getByRole('treeitem', { name, exact: true }).click()
  await plugin.getByLabel('Prompt').fill('soft window light')
  const button = plugin.getByRole('button', { name: 'Relight', exact: true })
  await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true)
  const undoBefore = await page.evaluate(() => window.playground.undoSteps())
  await button.click()
  await plugin.getByRole('button', { name: 'Insert all', exact: true }).click({ timeout: 60_000 })
  await tree
    .getByRole('treeitem', { name: `${name} · soft window light · left 1`, exact: true })
    .waitFor({ timeout: 60_000 })
  const all = await layersOf(page)
  const source = all.find((layer) => layer.name === name)
  const result = all.find((layer) => layer.name === `${name} · soft window light · left 1`)
  if (source === undefined || result === undefined) throw new Error(`${name}: layers missing`)
  // The run ends (selection, scroll, undo step) once the UI has heard back: wait for the selection.
  await expect
    .poll(() => page.evaluate(() => window.playground.selection()), { timeout: 15_000 })
    .toEqual([result.id])
  return { source, result, undo: (await page.evaluate(() => window.playground.undoSteps())) - undoBefore }
}

async function expectVisibleBeside(session: Session, source: LayerInfo, result: LayerInfo): Promise<void> {
  const { page } = session
  const all = await layersOf(page)
  const rendered = source.renderBounds ?? source
  expect(result.unclipped).toBe(true)
  expect(result.visible).toBe(true)
  expect(result.rotation).toBe(0)
  expect(result.width).toBeCloseTo(rendered.width, 3)
  expect(result.height).toBeCloseTo(rendered.height, 3)
  expect(result.x).toBeGreaterThanOrEqual(rendered.x + rendered.width)
  // Clear of every other layer on the page that is not one of its own ancestors.
  const ancestors = new Set<string>()
  for (let id = result.parentId; id !== null; id = all.find((layer) => layer.id === id)?.parentId ?? null)
    ancestors.add(id)
  for (const other of all) {
    if (other.id === result.id || ancestors.has(other.id) || !other.visible) continue
    expect(overlap(result, other.renderBounds ?? other), `${result.name} over ${other.name}`).toBe(false)
  }
  // Scrolled into view on the page the designer is on.
  expect(inside(result, await page.evaluate(() => window.playground.viewportBounds()))).toBe(true)
  expect(session.errors).toEqual([])
}

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

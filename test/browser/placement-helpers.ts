/**
 * Shared checks for where a relit result lands in the playground: relight a named layer (optionally with
 * another model), press "Insert all", and check the result is visible beside its source — not clipped, in
 * view, the size the source renders at, upright, clear of every other layer.
 */
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

import type { LayerInfo } from '../../playground/page/test-hook.js'
import type { Session } from './playground-session.js'

export type Box = { x: number; y: number; width: number; height: number }

export function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

export function inside(a: Box, b: Box): boolean {
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height
}

export const layersOf = (page: Page) => page.evaluate(() => window.playground.layers())

export interface RelightOptions {
  readonly prompt?: string
  /** The Model menu's label; the plugin's default model when absent. */
  readonly model?: string
}

/** Selects `name` in the Layers panel, relights it and answers the source and its first result. */
export async function relight(
  { page, plugin }: Session,
  name: string,
  { prompt = 'soft window light', model }: RelightOptions = {}
): Promise<{ source: LayerInfo; result: LayerInfo; undo: number }> {
  const tree = page.getByRole('tree', { name: 'Layers' })
  await tree.getByRole('treeitem', { name, exact: true }).click()
  await plugin.getByLabel('Prompt').fill(prompt)
  if (model !== undefined) {
    // The menu lists a model once the gateway's catalog has arrived.
    await expect
      .poll(() => plugin.getByText(model, { exact: true }).count(), { timeout: 15_000 })
      .toBeGreaterThan(0)
    await plugin.getByRole('combobox', { name: 'Model' }).click()
    await plugin.getByText(model, { exact: true }).last().click()
  }
  const button = plugin.getByRole('button', { name: 'Relight', exact: true })
  await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true)
  const undoBefore = await page.evaluate(() => window.playground.undoSteps())
  await button.click()
  const resultName = `${name} · ${prompt} · left 1`
  await plugin.getByRole('button', { name: 'Insert all', exact: true }).click({ timeout: 60_000 })
  await tree.getByRole('treeitem', { name: resultName, exact: true }).waitFor({ timeout: 60_000 })
  const all = await layersOf(page)
  const source = all.find((layer) => layer.name === name)
  const result = all.find((layer) => layer.name === resultName)
  if (source === undefined || result === undefined) throw new Error(`${name}: layers missing`)
  // The run ends (selection, scroll, undo step) once the UI has heard back: wait for the selection.
  await expect
    .poll(() => page.evaluate(() => window.playground.selection()), { timeout: 15_000 })
    .toEqual([result.id])
  return { source, result, undo: (await page.evaluate(() => window.playground.undoSteps())) - undoBefore }
}

export async function expectVisibleBeside(
  session: Session,
  source: LayerInfo,
  result: LayerInfo
): Promise<void> {
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

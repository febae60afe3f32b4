/**
 * Undo in the playground takes back a whole run in one step, as Figma does with what a plugin did between
 * two figma.commitUndo() calls (real built plugin, real gateway with Studio, Chromium): the placed layers,
 * a Match background group with its shadow, the plugin data and relaunch data written on the way (the
 * originals' marks and the document's own), and the selection. The viewport stays where the run put it.
 */
import type { FrameLocator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import type { DocumentState } from '../../playground/page/test-hook.js'
import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-undo-run-')

const WAIT = { timeout: 15_000 }
const RUN = { timeout: 60_000 }

const state = (page: Page): Promise<DocumentState> => page.evaluate(() => window.playground.documentState())

/** ⌘Z / Ctrl+Z on the canvas, as the designer presses it (the keyboard leaves the plugin window first). */
async function undo(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('ControlOrMeta+KeyZ')
}

const commits = (page: Page): Promise<number> => page.evaluate(() => window.playground.undoSteps())

async function relight(plugin: FrameLocator, prompt: string): Promise<void> {
  await plugin.getByRole('textbox', { name: 'Prompt', exact: true }).fill(prompt)
  const button = plugin.getByRole('button', { name: 'Relight', exact: true })
  await expect.poll(() => button.isEnabled(), WAIT).toBe(true)
  await button.click()
}

/**
 * Waits for the run to end with its figma.commitUndo(): until then the plugin is still working (and takes
 * the keyboard back to Relight when it is done), so an undo pressed earlier could land in its window.
 */
async function runCommitted(page: Page, before: number): Promise<void> {
  await expect.poll(() => commits(page), RUN).toBeGreaterThan(before)
}

describe('playground: undo takes back a run as one step', () => {
  it('placed results: layers, their data, the originals’ marks, the document’s data and the selection', async () => {
    const { page, plugin, errors } = await open()
    const tree = page.getByRole('tree', { name: 'Layers' })
    await tree.getByRole('treeitem', { name: 'Bottle', exact: true }).click()
    await plugin.getByRole('radio', { name: 'Left', exact: true }).check()
    await plugin.getByRole('radio', { name: '2', exact: true }).check()
    const before = await state(page)
    const committed = await commits(page)

    await relight(plugin, 'warm sunset')
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click(RUN)
    await tree.getByRole('treeitem', { name: 'Bottle · warm sunset · left 2', exact: true }).waitFor(WAIT)
    await runCommitted(page, committed)
    const after = await state(page)
    const placed = after.layers.filter((layer) => !before.layers.some((old) => old.id === layer.id))
    expect(placed.map((layer) => layer.name).sort()).toEqual([
      'Bottle · warm sunset · left 1',
      'Bottle · warm sunset · left 2'
    ])
    // The run wrote more than new layers: the relaunch buttons, and data on what was already there.
    expect(placed.every((layer) => Object.keys(layer.relaunchData).length > 0)).toBe(true)
    expect(after.layers.filter((layer) => !placed.includes(layer))).not.toEqual(before.layers)
    const viewport = await page.evaluate(() => window.playground.viewportBounds())

    await undo(page)
    await expect.poll(() => state(page), WAIT).toEqual(before)
    expect(await page.evaluate(() => window.playground.viewportBounds())).toEqual(viewport)
    expect(errors).toEqual([])
  }, 120_000)

  it('Match background: the group with the relit subject and its shadow, and the marks, in one step', async () => {
    const { page, plugin, errors } = await open()
    const tree = page.getByRole('tree', { name: 'Layers' })
    await tree.getByRole('treeitem', { name: 'Kitchen', exact: true }).click()
    await tree.getByRole('treeitem', { name: 'Product', exact: true }).click({ modifiers: ['Shift'] })
    const match = plugin.getByRole('checkbox', { name: /Match background “Kitchen”/ })
    await expect.poll(() => match.isChecked(), WAIT).toBe(true)
    const before = await state(page)
    const committed = await commits(page)

    await relight(plugin, 'match the kitchen')
    await tree.getByRole('treeitem', { name: 'Product · matched to Kitchen', exact: true }).waitFor(RUN)
    await runCommitted(page, committed)
    const after = await state(page)
    expect(after.layers.map((layer) => layer.name)).toEqual(
      expect.arrayContaining(['Product · matched to Kitchen', 'Product · shadow', 'Product · matched'])
    )

    await undo(page)
    await expect.poll(() => state(page), WAIT).toEqual(before)
    expect(errors).toEqual([])
  }, 120_000)
})

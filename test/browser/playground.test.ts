/**
 * The playground in real Chromium, driven as a designer would: the real built plugin (build/main.js in the
 * page against the fake `figma`, build/ui.js in its sandboxed iframe) relighting through the real gateway.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { halfLuminanceRatios, type Pixels } from './luminance.js'
import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-playground-')

async function pixels(page: Page, id: string): Promise<Pixels> {
  const { width, height, rgba } = await page.evaluate((layerId) => window.playground.pixels(layerId), id)
  return { width, height, data: new Uint8Array(Buffer.from(rgba, 'base64')) }
}

describe('playground', () => {
  it('relights the selected bottle from the left and places the result to its right', async () => {
    const { page, plugin, errors } = await open()
    const layers = page.getByRole('tree', { name: 'Layers' })

    await layers.getByRole('treeitem', { name: 'Bottle', exact: true }).click()
    await plugin.getByLabel('Prompt').fill('warm sunset')
    await plugin.getByRole('radio', { name: 'Left', exact: true }).check()
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), { timeout: 15_000 }).toBe(true)
    await relight.click()
    // Results wait in the plugin to be picked; Insert all places them.
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click()

    await layers
      .getByRole('treeitem', { name: 'Bottle · warm sunset · left 1', exact: true })
      .waitFor({ timeout: 45_000 })
    const all = await page.evaluate(() => window.playground.layers())
    const original = all.find((layer) => layer.name === 'Bottle')
    const relit = all.find((layer) => layer.name === 'Bottle · warm sunset · left 1')
    if (original === undefined || relit === undefined) throw new Error('layers missing')

    expect(relit.type).toBe('RECTANGLE')
    expect(relit.parentId).toBe(original.parentId)
    expect(relit.fills).toEqual([expect.objectContaining({ type: 'IMAGE', scaleMode: 'FILL' })])
    expect(relit.x).toBeGreaterThanOrEqual(original.x + original.width)
    expect({ width: relit.width, height: relit.height }).toEqual({
      width: original.width,
      height: original.height
    })
    expect(await page.evaluate(() => window.playground.selection())).toEqual([relit.id])

    const ratios = halfLuminanceRatios(await pixels(page, original.id), await pixels(page, relit.id))
    console.info(
      `relit/original luminance: left ×${ratios.left.toFixed(3)}, right ×${ratios.right.toFixed(3)}`
    )
    expect(
      ratios.left,
      `left ×${ratios.left.toFixed(3)} vs right ×${ratios.right.toFixed(3)}`
    ).toBeGreaterThan(ratios.right)
    expect(errors).toEqual([])
  }, 90_000)

  it('asks the designer to select a layer and disables Relight while nothing is selected', async () => {
    const { page, plugin, errors } = await open()
    const message = plugin.getByText(/select a layer/i).first()
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    const waitFor = { timeout: 15_000 }
    expect(await page.evaluate(() => window.playground.selection())).toEqual([])
    await expect.poll(() => message.isVisible(), waitFor).toBe(true)
    await expect.poll(() => relight.isDisabled(), waitFor).toBe(true)

    // Selecting a layer clears the message; clicking empty canvas deselects and brings it back.
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Bottle', exact: true })
      .click()
    await expect.poll(() => message.isVisible(), waitFor).toBe(false)
    await page.locator('.canvas').click({ position: { x: 8, y: 8 } })
    expect(await page.evaluate(() => window.playground.selection())).toEqual([])
    await expect.poll(() => message.isVisible(), waitFor).toBe(true)
    await expect.poll(() => relight.isDisabled(), waitFor).toBe(true)
    expect(errors).toEqual([])
  }, 60_000)
})

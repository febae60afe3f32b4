/**
 * The designer's workflow in the playground (real built plugin, real gateway, Chromium), driven by
 * accessible names: results wait as large thumbnails to be picked (Insert selected / Insert all / Discard /
 * More like this) or go straight in with Auto-insert; layer names say what made them; selecting a result
 * brings its settings back; holding an image (or the compare key) shows the original; the viewport frames
 * the original with its results.
 */
import type { FrameLocator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-workflow-')

const WAIT = { timeout: 15_000 }
const RUN = { timeout: 60_000 }

/** Keeps every message the UI sends to the main thread in window.relightSent. */
async function recordMessages(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: unknown[][] = []
    Object.assign(window, { relightSent: seen })
    window.addEventListener('message', (event: MessageEvent<{ pluginMessage?: unknown }>) => {
      const message = event.data?.pluginMessage
      if (Array.isArray(message)) seen.push(message)
    })
  })
}

async function sentByUi(page: Page): Promise<unknown[][]> {
  return page.evaluate(() => (window as unknown as { relightSent: unknown[][] }).relightSent)
}

async function select(page: Page, name: string): Promise<void> {
  await page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem', { name, exact: true }).click()
}

async function relight(plugin: FrameLocator, prompt: string, variations = 1): Promise<void> {
  await plugin.getByLabel('Prompt').fill(prompt)
  await plugin.getByRole('radio', { name: 'Left', exact: true }).check()
  await plugin.getByRole('radio', { name: String(variations), exact: true }).check()
  const button = plugin.getByRole('button', { name: 'Relight', exact: true })
  await expect.poll(() => button.isEnabled(), WAIT).toBe(true)
  await button.click()
}

const relitLayers = async (page: Page) =>
  (await page.evaluate(() => window.playground.layers())).filter((layer) => 'relight' in layer.pluginData)

describe('playground: pick before placing', () => {
  it('shows the results large, two a row, and places only the picked one as one undo step', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    await relight(plugin, 'warm sunset', 2)
    const first = plugin.getByRole('img', { name: 'Result 1', exact: true })
    const second = plugin.getByRole('img', { name: 'Result 2', exact: true })
    await second.waitFor(RUN)
    await plugin.getByText('2 results ready: pick the ones to place.').first().waitFor(WAIT)
    // Nothing lands on the canvas until the designer picks.
    expect(await relitLayers(page)).toEqual([])

    // Two a row across the whole window: side by side, each close to half of the 320 px window.
    const [a, b] = [await first.boundingBox(), await second.boundingBox()]
    expect(a !== null && b !== null).toBe(true)
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(1)
    expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1)
    expect(a!.width).toBeGreaterThan(130)

    const undoBefore = await page.evaluate(() => window.playground.undoSteps())
    await plugin.getByRole('checkbox', { name: 'Result 1', exact: true }).uncheck()
    await plugin.getByRole('button', { name: 'Insert selected', exact: true }).click()
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Bottle · warm sunset · left 1', exact: true })
      .waitFor(WAIT)
    const placed = await relitLayers(page)
    expect(placed).toHaveLength(1)
    // The second image was placed: it records itself as variation 1.
    expect(JSON.parse(placed[0].pluginData.relight)).toMatchObject({ variation: 1, prompt: 'warm sunset' })
    await expect.poll(() => page.evaluate(() => window.playground.selection()), WAIT).toEqual([placed[0].id])
    expect((await page.evaluate(() => window.playground.undoSteps())) - undoBefore).toBe(1)
    // The placed one is marked; the other is still there to insert.
    await plugin.getByText('Result 2 · placed').waitFor(WAIT)
    expect(await plugin.getByRole('checkbox', { name: 'Result 1', exact: true }).isChecked()).toBe(false)
    expect(errors).toEqual([])
  }, 120_000)

  it('More like this runs the same settings with new seeds; Discard forgets the jobs and places nothing', async () => {
    const { page, plugin, errors } = await open('', recordMessages)
    await select(page, 'Bottle')
    await plugin.getByText('More', { exact: true }).click()
    await relight(plugin, 'neon night')
    await plugin.getByRole('img', { name: 'Result 1', exact: true }).waitFor(RUN)
    const seedOf = async (n: number) =>
      Number(
        (
          await plugin
            .getByText(/^seed \d+$/)
            .nth(n - 1)
            .textContent()
        )?.replace('seed ', '') ?? Number.NaN
      )
    await plugin.getByRole('button', { name: 'More like this', exact: true }).click()
    await plugin.getByRole('img', { name: 'Result 2', exact: true }).waitFor(RUN)
    const seeds = [await seedOf(1), await seedOf(2)]
    expect(seeds.every(Number.isInteger)).toBe(true)
    expect(seeds[0]).not.toBe(seeds[1])
    const submitted = (await sentByUi(page)).filter((message) => message[0] === 'JOB_STARTED')
    expect(submitted).toHaveLength(2)

    await plugin.getByRole('button', { name: 'Discard', exact: true }).click()
    await expect.poll(() => plugin.getByRole('img', { name: 'Result 1', exact: true }).count(), WAIT).toBe(0)
    const forgotten = (await sentByUi(page)).filter((message) => message[0] === 'FORGET_JOBS').at(-1)
    expect(forgotten?.[1]).toEqual(expect.arrayContaining(submitted.map((message) => message[1])))
    expect(await relitLayers(page)).toEqual([])
    expect(errors).toEqual([])
  }, 150_000)

  it('with Auto-insert on (Settings), results go on the canvas as they arrive', async () => {
    const { page, plugin, errors } = await open()
    const tab = (name: string) => plugin.locator('label').filter({ hasText: new RegExp(`^${name}$`) })
    await tab('Settings').click()
    await plugin.getByRole('checkbox', { name: 'Auto-insert results' }).check()
    await tab('Relight').click()
    await select(page, 'Bottle')
    await relight(plugin, 'golden hour')
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Bottle · golden hour · left 1', exact: true })
      .waitFor(RUN)
    expect(await plugin.getByRole('button', { name: 'Insert all', exact: true }).count()).toBe(0)
    expect(errors).toEqual([])
  }, 120_000)
})

describe('playground: readable results, compare and framing', () => {
  it('names results by what made them and brings their settings back when selected', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    await plugin.getByText('More', { exact: true }).click()
    await relight(plugin, 'warm sunset')
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click(RUN)
    const name = 'Bottle · warm sunset · left 1'
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name, exact: true })
      .waitFor(WAIT)
    const [result] = await relitLayers(page)
    const recorded = JSON.parse(result.pluginData.relight) as { seed: number; model: string }

    // Another layer, other settings; then the result again: its prompt, light and seed come back.
    await select(page, 'Camera')
    await plugin.getByLabel('Prompt').fill('neon night')
    await plugin.getByRole('radio', { name: 'Right', exact: true }).check()
    await plugin.getByLabel('Seed', { exact: true }).fill('5')
    await select(page, name)
    await plugin
      .getByRole('status')
      .filter({ hasText: `Settings from “${name}”` })
      .waitFor(WAIT)
    await expect.poll(() => plugin.getByLabel('Prompt').inputValue(), WAIT).toBe('warm sunset')
    expect(await plugin.getByRole('radio', { name: 'Left', exact: true }).isChecked()).toBe(true)
    expect(await plugin.getByLabel('Seed', { exact: true }).inputValue()).toBe(String(recorded.seed))
    expect(recorded.model).toBe('local/studio')
    expect(errors).toEqual([])
  }, 120_000)

  it('holding a thumbnail, the preview or the compare key shows the original', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    await relight(plugin, 'warm sunset')
    const result = plugin.getByRole('img', { name: 'Result 1', exact: true })
    await result.waitFor(RUN)
    const resultSrc = await result.getAttribute('src')

    await result.hover()
    await page.mouse.down()
    const original = plugin.getByRole('img', { name: 'Original of result 1', exact: true })
    await original.waitFor(WAIT)
    expect(await original.getAttribute('src')).not.toBe(resultSrc)
    await page.mouse.up()
    await result.waitFor(WAIT)

    // By keyboard: Space held on the focused thumbnail.
    await result.focus()
    await page.keyboard.down(' ')
    await original.waitFor(WAIT)
    await page.keyboard.up(' ')
    await result.waitFor(WAIT)

    // The compare key held anywhere outside a text field: the preview and every thumbnail.
    const preview = plugin.getByRole('img', { name: 'Original', exact: true })
    expect(await preview.count()).toBe(0)
    await plugin.getByRole('button', { name: 'Relight', exact: true }).focus()
    await page.keyboard.down('\\')
    await preview.waitFor(WAIT)
    await original.waitFor(WAIT)
    await page.keyboard.up('\\')
    await expect.poll(() => preview.count(), WAIT).toBe(0)

    // Press-and-hold on the live preview.
    await plugin.getByRole('img', { name: 'Preview', exact: true }).hover()
    await page.mouse.down()
    await preview.waitFor(WAIT)
    await page.mouse.up()
    await expect.poll(() => preview.count(), WAIT).toBe(0)
    expect(errors).toEqual([])
  }, 120_000)

  it('after placing, the viewport frames the original together with its results', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Camera')
    await relight(plugin, 'warm sunset', 2)
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click(RUN)
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Camera · warm sunset · left 2', exact: true })
      .waitFor(WAIT)
    const layers = await page.evaluate(() => window.playground.layers())
    const framed = layers.filter((layer) => layer.name.startsWith('Camera'))
    expect(framed).toHaveLength(3)
    await expect
      .poll(async () => {
        const view = await page.evaluate(() => window.playground.viewportBounds())
        return framed.every(
          (layer) =>
            layer.x >= view.x - 0.5 &&
            layer.y >= view.y - 0.5 &&
            layer.x + layer.width <= view.x + view.width + 0.5 &&
            layer.y + layer.height <= view.y + view.height + 0.5
        )
      }, WAIT)
      .toBe(true)
    expect(errors).toEqual([])
  }, 120_000)

  it('undo in the playground (Ctrl+Z) takes back everything one Insert placed, as one step', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    await relight(plugin, 'warm sunset', 1)
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click(RUN)
    await expect.poll(async () => (await relitLayers(page)).length, WAIT).toBe(1)
    await select(page, 'Bottle')
    await relight(plugin, 'neon night', 2)
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click(RUN)
    await expect.poll(async () => (await relitLayers(page)).length, WAIT).toBe(3)

    // The canvas has focus, as in Figma: one undo removes both layers of the second insert, not the first.
    await page.locator('.canvas').click({ position: { x: 8, y: 8 } })
    await page.keyboard.press('Control+z')
    await expect
      .poll(async () => (await relitLayers(page)).map((layer) => layer.name), WAIT)
      .toEqual(['Bottle · warm sunset · left 1'])
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await relitLayers(page)).length, WAIT).toBe(0)
    expect(errors).toEqual([])
  }, 150_000)
})

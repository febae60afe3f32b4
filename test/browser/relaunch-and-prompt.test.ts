/**
 * In the playground (real built plugin, real gateway, Chromium): a result's relaunch buttons, declared in
 * the manifest, reopen Relight on it ("Relight again" runs at once, "Relight with these settings" fills the
 * form); preset chips fill the prompt (one Tab stop, arrows inside) and Studio marks the words it knows; a
 * Studio run that would change nothing says so before running.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import type { FrameLocator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { PROJECT_DIR } from '../../playground/server.js'
import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-relaunch-')

const WAIT = { timeout: 15_000 }
const RUN = { timeout: 60_000 }

async function select(page: Page, name: string): Promise<void> {
  await page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem', { name, exact: true }).click()
}

async function relightAndInsert(page: Page, plugin: FrameLocator, prompt: string): Promise<string> {
  await plugin.getByLabel('Prompt').fill(prompt)
  await plugin.getByRole('radio', { name: 'Left', exact: true }).check()
  const button = plugin.getByRole('button', { name: 'Relight', exact: true })
  await expect.poll(() => button.isEnabled(), WAIT).toBe(true)
  await button.click()
  await plugin.getByRole('button', { name: 'Insert all', exact: true }).click(RUN)
  const name = `Bottle · ${prompt} · left 1`
  await page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem', { name, exact: true }).waitFor(WAIT)
  return name
}

describe('playground: relaunch buttons', () => {
  it('the manifest declares both relaunch buttons', () => {
    const manifest = JSON.parse(readFileSync(join(PROJECT_DIR, 'manifest.json'), 'utf8')) as {
      relaunchButtons?: { command: string; name: string }[]
    }
    expect(manifest.relaunchButtons).toEqual([
      { command: 'relight-again', name: 'Relight again' },
      { command: 'relight-settings', name: 'Relight with these settings' }
    ])
  })

  it('"Relight again" on a result reopens Relight and relights its original at once', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    const name = await relightAndInsert(page, plugin, 'warm sunset')
    const panel = page.getByRole('region', { name: 'Relaunch' })
    await panel.getByText('Relight “Bottle” again: warm sunset · left').waitFor(WAIT)
    // Nothing else selected: the buttons belong to the result.
    await select(page, 'Camera')
    await expect.poll(() => panel.getByRole('button').count(), WAIT).toBe(0)

    await select(page, name)
    await panel.getByRole('button', { name: 'Relight again', exact: true }).click()
    // A fresh plugin window: the run starts by itself and its result waits in the tray.
    await plugin.getByRole('img', { name: 'Result 1', exact: true }).waitFor(RUN)
    expect(await plugin.getByLabel('Prompt').inputValue()).toBe('warm sunset')
    expect(errors).toEqual([])
  }, 120_000)

  it('"Relight with these settings" opens the form with the result\'s settings and runs nothing', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    const name = await relightAndInsert(page, plugin, 'neon night')
    await select(page, 'Camera')
    await plugin.getByLabel('Prompt').fill('candle')
    await plugin.getByRole('radio', { name: 'Right', exact: true }).check()
    await select(page, name)
    const requests: string[] = []
    page.on('request', (request) => requests.push(new URL(request.url()).pathname))
    await page
      .getByRole('region', { name: 'Relaunch' })
      .getByRole('button', { name: 'Relight with these settings', exact: true })
      .click()
    await expect.poll(() => plugin.getByLabel('Prompt').inputValue(), WAIT).toBe('neon night')
    expect(await plugin.getByRole('radio', { name: 'Left', exact: true }).isChecked()).toBe(true)
    await page.waitForTimeout(1_000)
    expect(requests.filter((path) => path === '/v1/relight')).toEqual([])
    expect(errors).toEqual([])
  }, 120_000)
})

describe('playground: presets and the prompt', () => {
  it('presets are one Tab stop with arrows inside; a chip fills the prompt; Studio marks what it knows', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    const presets = plugin.getByRole('toolbar', { name: 'Presets' })
    const golden = presets.getByRole('button', { name: 'Golden hour', exact: true })
    await golden.focus()
    await page.keyboard.press('ArrowRight')
    const softbox = presets.getByRole('button', { name: 'Softbox', exact: true })
    expect(await softbox.evaluate((element) => element === document.activeElement)).toBe(true)
    // Only the current chip is in the Tab order.
    expect(await presets.locator('button[tabindex="0"]').count()).toBe(1)
    await page.keyboard.press('Enter')
    await expect.poll(() => plugin.getByLabel('Prompt').inputValue(), WAIT).toBe('studio softbox, soft light')
    expect(await softbox.getAttribute('aria-pressed')).toBe('true')
    // Tab leaves the group in one step, to the prompt.
    await page.keyboard.press('Tab')
    expect(await plugin.getByLabel('Prompt').evaluate((element) => element === document.activeElement)).toBe(
      true
    )
    const understood = plugin.getByText(/^Studio understood:/)
    await understood.waitFor(WAIT)
    const marked = await plugin.locator('mark').allTextContents()
    expect(marked).toEqual(expect.arrayContaining(['studio', 'softbox', 'soft light']))
    expect(errors).toEqual([])
  }, 60_000)

  it('says before running when a Studio run would change nothing, and the note clears once fixed', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    await plugin.getByLabel('Prompt').fill('make it pop')
    await plugin
      .getByRole('radiogroup', { name: 'Light' })
      .getByRole('radio', { name: 'None', exact: true })
      .check()
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    const note = plugin.getByText(/This would place an unchanged copy/)
    await note.waitFor(WAIT)
    await expect.poll(() => relight.isDisabled(), WAIT).toBe(true)
    await plugin.getByLabel('Prompt').fill('make it pop, warm')
    await expect.poll(() => note.count(), WAIT).toBe(0)
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    expect(errors).toEqual([])
  }, 60_000)

  it('counts down the characters left near the prompt limit', async () => {
    const { page, plugin } = await open()
    await select(page, 'Bottle')
    await plugin.getByLabel('Prompt').fill('warm '.repeat(20))
    expect(await plugin.getByText(/characters left/).count()).toBe(0)
    await plugin.getByLabel('Prompt').fill('w'.repeat(1990))
    await plugin.getByText('10 characters left').waitFor(WAIT)
  }, 60_000)
})

describe('playground: the light pad', () => {
  it('is one Tab stop; arrows move around the subject as the pad looks, None in the middle', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    const pad = plugin.getByRole('radiogroup', { name: 'Light' })
    const radio = (name: string) => pad.getByRole('radio', { name, exact: true })
    await radio('None').click()
    expect(await radio('None').getAttribute('aria-checked')).toBe('true')
    expect(await pad.locator('[tabindex="0"]').count()).toBe(1)
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => radio('Left').getAttribute('aria-checked'), WAIT).toBe('true')
    await page.keyboard.press('ArrowUp')
    await expect.poll(() => radio('Top').getAttribute('aria-checked'), WAIT).toBe('true')
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => radio('None').getAttribute('aria-checked'), WAIT).toBe('true')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => radio('Right').getAttribute('aria-checked'), WAIT).toBe('true')
    expect(await radio('Right').evaluate((element) => element === document.activeElement)).toBe(true)
    // Top sits above None, Left and Right beside it.
    const [top, none, left, right] = await Promise.all(
      ['Top', 'None', 'Left', 'Right'].map(async (name) => (await radio(name).boundingBox())!)
    )
    expect(top.y).toBeLessThan(none.y)
    expect(left.x).toBeLessThan(none.x)
    expect(right.x).toBeGreaterThan(none.x)
    expect(errors).toEqual([])
  }, 60_000)
})

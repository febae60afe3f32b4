/**
 * Real interaction in the playground (real built plugin, real gateway, Chromium): clicking into the prompt
 * puts the caret where clicked instead of selecting the prompt; pressing Relight again right after a run
 * relights the original, not its relit copies, and names never stack; the tabs stay in view at 320×600;
 * Settings catches an address without a scheme and strips "Bearer "; a changed address clears a stale
 * connection error; ?theme=dark darkens the whole editor.
 */
import { describe, expect, it } from 'vitest'

import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-again-')

describe('playground: designer interaction', () => {
  it('clicking into the prompt places the caret where clicked, so typing does not replace it', async () => {
    const { page, plugin, errors } = await open()
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Bottle', exact: true })
      .click()
    const prompt = plugin.getByLabel('Prompt')
    await prompt.fill('warm sunset')
    await prompt.blur()
    // Click near the textarea's left edge on the first line: the caret goes before "warm", nothing selected.
    await prompt.click({ position: { x: 4, y: 10 } })
    const selection = await prompt.evaluate((element) => {
      const textarea = element as HTMLTextAreaElement
      return [textarea.selectionStart, textarea.selectionEnd]
    })
    expect(selection).toEqual([0, 0])
    await page.keyboard.type('soft ')
    expect(await prompt.inputValue()).toBe('soft warm sunset')
    expect(errors).toEqual([])
  }, 60_000)

  it('Relight again with the results selected relights the original; names never stack', async () => {
    const { page, plugin, errors } = await open()
    const layers = page.getByRole('tree', { name: 'Layers' })
    await layers.getByRole('treeitem', { name: 'Bottle', exact: true }).click()
    await plugin.getByLabel('Prompt').fill('warm sunset')
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), { timeout: 15_000 }).toBe(true)
    await relight.click()
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click({ timeout: 45_000 })
    await layers
      .getByRole('treeitem', { name: 'Bottle · warm sunset · left 1', exact: true })
      .waitFor({ timeout: 45_000 })

    // The new layer is selected; the plugin says it will relight the original.
    await plugin.getByText('(from the selected relit layer)').waitFor({ timeout: 15_000 })
    await expect.poll(() => relight.isEnabled(), { timeout: 15_000 }).toBe(true)
    await relight.click()
    await plugin
      .getByRole('button', { name: 'Insert selected', exact: true })
      .and(plugin.locator(':enabled'))
      .click({ timeout: 45_000 })
    await layers
      .getByRole('treeitem', { name: 'Bottle · warm sunset · left 2', exact: true })
      .waitFor({ timeout: 45_000 })
    const names = (await page.evaluate(() => window.playground.layers())).map((layer) => layer.name)
    expect(names.filter((name) => /· left \d+ · warm/.test(name))).toEqual([])

    // The tabs stay in view at 320×600 however far the content scrolled; the results are visible.
    const tab = plugin.getByText('Settings', { exact: true }).first()
    const box = await tab.boundingBox()
    const frame = await page.locator('.plugin-window iframe[title="Relight"]').boundingBox()
    expect(box !== null && frame !== null && box.y >= frame.y && box.y + box.height <= frame.y + 60).toBe(
      true
    )
    const thumbnail = plugin.getByRole('img', { name: 'Result 2' })
    const thumbBox = await thumbnail.boundingBox()
    expect(
      thumbBox !== null && frame !== null && thumbBox.y + thumbBox.height <= frame.y + frame.height
    ).toBe(true)
    expect(errors).toEqual([])
  }, 120_000)

  it('Settings: an address without a scheme gets a clear message there; fixing it clears the Relight tab', async () => {
    const { page, plugin, errors } = await open()
    const requested: string[] = []
    page.on('request', (request) => requested.push(request.url()))
    const tab = (name: string) => plugin.locator('label').filter({ hasText: new RegExp(`^${name}$`) })
    await tab('Settings').click()
    const url = plugin.getByLabel('Gateway URL')
    await url.fill('localhost:8787')
    await plugin
      .getByText(/Enter the full address, like https:\/\/relight\.example\.com/)
      .first()
      .waitFor()
    await plugin.getByRole('button', { name: 'Test connection' }).click()
    const report = plugin.getByRole('status')
    await report.waitFor()
    expect(await report.textContent()).toMatch(/Enter the full address/)
    expect(await report.textContent()).not.toMatch(/can't reach|404/i)

    // A token pasted with its "Bearer " prefix is kept without it.
    const token = plugin.getByLabel('Token')
    await token.fill('Bearer rlt_example')
    expect(await token.inputValue()).toBe('rlt_example')
    await token.fill('')

    // The Relight tab says what is wrong with the address, and forgets it once the address is fixed.
    await tab('Relight').click()
    const banner = plugin.getByRole('alert').filter({ hasText: 'Enter the full address' })
    await banner.waitFor()
    // The rejected address was never requested (validate first, then fetch): resolved against the iframe's
    // base URL it would have been a path such as /playground/localhost:8787/v1/models.
    expect(requested.filter((address) => /[^/]\/localhost:8787\/v1/.test(address))).toEqual([])
    await tab('Settings').click()
    await url.fill('')
    await tab('Relight').click()
    await expect.poll(() => plugin.getByRole('alert').count(), { timeout: 10_000 }).toBe(0)
    expect(errors).toEqual([])
  }, 60_000)

  it("a run's connection error is cleared once the gateway address is changed in Settings", async () => {
    const { page, plugin } = await open()
    const tab = (name: string) => plugin.locator('label').filter({ hasText: new RegExp(`^${name}$`) })
    // The gateway stops answering uploads: the connection is refused, as for a gateway that is down.
    await page.context().route(
      (url) => url.pathname === '/v1/relight',
      (route) => route.abort('connectionrefused')
    )
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Bottle', exact: true })
      .click()
    await plugin.getByLabel('Prompt').fill('warm sunset')
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), { timeout: 15_000 }).toBe(true)
    await relight.click()
    await plugin
      .getByRole('alert')
      .filter({ hasText: "Can't reach the gateway" })
      .first()
      .waitFor({ timeout: 20_000 })

    // Another address the build allows (the built-in one, spelled out): the old connection error no longer
    // applies.
    await tab('Settings').click()
    await plugin.getByLabel('Gateway URL').fill('http://localhost:8787/')
    await tab('Relight').click()
    await expect.poll(() => plugin.getByRole('alert').count(), { timeout: 10_000 }).toBe(0)
  }, 60_000)

  it('?theme=dark darkens the whole editor (canvas and Layers panel), not only the plugin', async () => {
    const { page } = await open('?theme=dark')
    const luminance = (selector: string) =>
      page.locator(selector).evaluate((element) => {
        const [r, g, b] = getComputedStyle(element).backgroundColor.match(/\d+/g)!.map(Number)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
      })
    expect(await luminance('body')).toBeLessThan(80)
    expect(await luminance('.layers-panel')).toBeLessThan(80)
    const text = await page
      .locator('.layers-panel')
      .evaluate((element) => getComputedStyle(element).color.match(/\d+/g)!.map(Number)[0])
    expect(text).toBeGreaterThan(200)
  }, 60_000)
})

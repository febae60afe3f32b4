/**
 * The form's finer controls in the playground (real built plugin, real gateway, Chromium, a fake Segmind
 * speaking its documented API): strength and warm↔cool temperature where the model takes them, the
 * preview stepping through several selected layers, banners that clear once their cause is gone, and the
 * reasons of disabled options readable on focus.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { JobListView } from '../../src/protocol/api.js'
import { type FakeSegmind, startFakeSegmind } from '../../testkit/fakes/segmind.js'
import { SEGMIND_KEY } from '../providers/helpers.js'
import { usePlayground } from './playground-session.js'

let segmind: FakeSegmind
beforeAll(async () => {
  segmind = await startFakeSegmind({ key: SEGMIND_KEY })
})
afterAll(() => segmind?.close())

const { open } = usePlayground('relight-form-controls-', {
  env: () => ({ SEGMIND_API_KEY: SEGMIND_KEY, SEGMIND_API_URL: segmind.url })
})

const WAIT = { timeout: 15_000 }
const RUN = { timeout: 60_000 }

async function select(page: Page, name: string): Promise<void> {
  await page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem', { name, exact: true }).click()
}

async function chooseModel(plugin: FrameLocator, label: string): Promise<void> {
  await plugin.getByRole('combobox', { name: 'Model' }).click()
  await plugin.getByText(label, { exact: true }).last().click()
}

/** Mean red minus mean blue over the opaque pixels of a canvas: above 0 leans warm, below cool. */
function warmth(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let sum = 0
    let count = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 200) continue
      sum += data[i] - data[i + 2]
      count++
    }
    return count === 0 ? 0 : sum / count
  })
}

describe('playground: strength and temperature', () => {
  it('Studio takes both: the preview follows, the run sends them, and they stay with the model', async () => {
    const { page, plugin, errors, gatewayOrigin } = await open()
    await select(page, 'Bottle')
    await plugin.getByLabel('Prompt').fill('soft light')
    await plugin.getByRole('radio', { name: 'Left', exact: true }).check()
    const strength = plugin.getByRole('slider', { name: 'Strength' })
    const temperature = plugin.getByRole('slider', { name: 'Temperature' })
    await expect.poll(() => temperature.isEnabled(), WAIT).toBe(true)
    const preview = plugin.getByRole('img', { name: 'Preview', exact: true })
    await preview.waitFor(WAIT)

    await temperature.fill('-1')
    await expect.poll(() => temperature.getAttribute('aria-valuetext'), WAIT).toBe('warm 100%')
    let warm = 0
    await expect.poll(async () => (warm = await warmth(preview)), WAIT).toBeGreaterThan(0)
    await temperature.fill('1')
    await expect.poll(() => temperature.getAttribute('aria-valuetext'), WAIT).toBe('cool 100%')
    // The same light turned cool: clearly bluer than it was warm.
    await expect.poll(() => warmth(preview), WAIT).toBeLessThan(warm - 10)
    await temperature.fill('0.5')
    await strength.fill('0.6')

    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await plugin.getByRole('img', { name: 'Result 1', exact: true }).waitFor(RUN)
    const { jobs } = (await (await fetch(`${gatewayOrigin}/v1/jobs`)).json()) as JobListView
    expect(jobs[0]?.params.options).toMatchObject({ strength: 0.6, temperature: 0.5 })

    // Segmind takes neither: both disabled, each saying why in plain view.
    await chooseModel(plugin, 'IC-Light (Segmind)')
    await expect.poll(() => temperature.isDisabled(), WAIT).toBe(true)
    expect(await strength.isDisabled()).toBe(true)
    await plugin.getByText("IC-Light (Segmind) doesn't take a strength.").waitFor(WAIT)
    await plugin.getByText("IC-Light (Segmind) doesn't take a light temperature.").waitFor(WAIT)
    expect(await temperature.getAttribute('aria-describedby')).toBe('relight-temperature-reason')

    // Back on Studio, its values are still there.
    await chooseModel(plugin, 'Studio (built in)')
    await expect.poll(() => strength.inputValue(), WAIT).toBe('0.6')
    expect(await temperature.inputValue()).toBe('0.5')
    expect(errors).toEqual([])
  }, 120_000)
})

describe('playground: several layers in the preview', () => {
  it('says "1 of 3" and steps through the selected layers with Previous and Next', async () => {
    const { page, plugin, errors } = await open()
    const layers = page.getByRole('tree', { name: 'Layers' })
    await select(page, 'Bottle')
    await layers.getByRole('treeitem', { name: 'Camera', exact: true }).click({ modifiers: ['Shift'] })
    await layers.getByRole('treeitem', { name: 'Coffee', exact: true }).click({ modifiers: ['Shift'] })
    const status = plugin.getByRole('status').filter({ hasText: / of 3 / })
    await expect.poll(() => status.textContent(), WAIT).toMatch(/^1 of 3 · /)
    const preview = plugin.getByRole('img', { name: 'Preview', exact: true })
    const seen = async () => ({
      name: ((await status.textContent()) ?? '').replace(/^\d of 3 · /, ''),
      size: await preview.evaluate(
        (canvas) => `${(canvas as HTMLCanvasElement).width}×${(canvas as HTMLCanvasElement).height}`
      )
    })
    const shown = [await seen()]
    const next = plugin.getByRole('button', { name: 'Next layer', exact: true })
    await next.click()
    await expect.poll(() => status.textContent(), WAIT).toMatch(/^2 of 3 · /)
    // From the keyboard too: focus stays on the button.
    await page.keyboard.press('Enter')
    await expect.poll(() => status.textContent(), WAIT).toMatch(/^3 of 3 · /)
    expect(await next.evaluate((button) => button === document.activeElement)).toBe(true)
    await expect.poll(async () => (await seen()).name !== shown[0].name, WAIT).toBe(true)
    shown.push(await seen())
    // The preview shows that layer, not the first one again: the three differ in name and thumbnail.
    await plugin.getByRole('button', { name: 'Previous layer', exact: true }).click()
    await expect.poll(() => status.textContent(), WAIT).toMatch(/^2 of 3 · /)
    await expect.poll(async () => (await seen()).size !== shown[1].size, WAIT).toBe(true)
    shown.push(await seen())
    expect(new Set(shown.map((layer) => layer.name))).toEqual(new Set(['Bottle', 'Camera', 'Coffee']))
    expect(new Set(shown.map((layer) => layer.size)).size).toBe(3)
    // Wraps round from the last to the first.
    await next.click()
    await next.click()
    await expect.poll(() => status.textContent(), WAIT).toMatch(/^1 of 3 · /)

    // One layer: no counter.
    await select(page, 'Camera')
    await expect.poll(() => next.count(), WAIT).toBe(0)
    expect(errors).toEqual([])
  }, 60_000)
})

describe('playground: banners clear when their cause is gone', () => {
  it('a refused prompt clears once the prompt is fixed', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    await plugin.getByLabel('Prompt').fill('warm '.repeat(401))
    await plugin.getByRole('radio', { name: 'Left', exact: true }).check()
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    const banner = plugin.getByRole('alert').filter({ hasText: 'The prompt is too long' })
    await banner.waitFor(RUN)
    await plugin.getByLabel('Prompt').fill('warm sunset')
    await expect.poll(() => banner.count(), WAIT).toBe(0)
    // The browser logs the gateway's refusal itself; nothing else went wrong.
    expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([])
  }, 90_000)

  it("an auto-insert run's error stays while it selects its results, and clears on a new selection", async () => {
    const { page, plugin, errors } = await open()
    const tab = (name: string) => plugin.locator('label').filter({ hasText: new RegExp(`^${name}$`) })
    await tab('Settings').click()
    await plugin.getByRole('checkbox', { name: 'Auto-insert results' }).check()
    await tab('Relight').click()
    const layers = page.getByRole('tree', { name: 'Layers' })
    await select(page, 'Bottle')
    await layers.getByRole('treeitem', { name: 'Camera', exact: true }).click({ modifiers: ['Shift'] })
    await plugin.getByLabel('Prompt').fill('warm sunset')
    await expect.poll(() => plugin.getByText('IC-Light (Segmind)').count(), WAIT).toBeGreaterThan(0)
    await chooseModel(plugin, 'IC-Light (Segmind)')
    // One call left on the Segmind account: one layer is relit and placed, the other fails.
    segmind.credits = 1
    try {
      const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
      await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
      await relight.click()
      const banner = plugin.getByRole('alert')
      await banner.waitFor(RUN)
      // The run selects the result it placed: that is the run's doing, not a new choice.
      const relit = async () =>
        (await page.evaluate(() => window.playground.layers())).filter(
          (layer) => 'relight' in layer.pluginData
        )
      await expect.poll(async () => (await relit()).length, RUN).toBe(1)
      const [placed] = await relit()
      await expect.poll(() => page.evaluate(() => window.playground.selection()), WAIT).toEqual([placed!.id])
      await plugin.getByText(/from the selected relit layer/).waitFor(WAIT)
      expect(await banner.count()).toBe(1)

      await select(page, 'Coffee')
      await expect.poll(() => banner.count(), WAIT).toBe(0)
    } finally {
      segmind.credits = 100
    }
    expect(errors).toEqual([])
  }, 120_000)
})

describe('playground: reasons for disabled options', () => {
  it("Cut-out's reason shows when the Output group has focus, not only on hover", async () => {
    const { page, plugin, errors } = await open()
    // An opaque photo: a cut-out would be the same image as Scene.
    await select(page, 'Coffee')
    const output = plugin.getByRole('radiogroup', { name: 'Output' })
    const cutout = output.getByRole('radio', { name: 'Cut-out', exact: true })
    await expect.poll(() => cutout.isDisabled(), WAIT).toBe(true)
    const reason = plugin.getByText(/^The selected layer is opaque, so a cut-out would be the same image/)
    expect(await reason.isVisible()).toBe(false)

    await output.getByRole('radio', { name: 'Scene', exact: true }).focus()
    await expect.poll(() => reason.isVisible(), WAIT).toBe(true)
    // Screen readers hear it with the group.
    expect(await output.getAttribute('aria-describedby')).toBe(await reason.getAttribute('id'))
    await page.keyboard.press('Tab')
    await expect.poll(() => reason.isVisible(), WAIT).toBe(false)

    // A layer with transparency: nothing disabled, nothing to explain.
    await select(page, 'Bottle')
    await expect.poll(() => cutout.isEnabled(), WAIT).toBe(true)
    expect(await reason.count()).toBe(0)
    expect(errors).toEqual([])
  }, 60_000)
})

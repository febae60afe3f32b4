/**
 * Match background in the playground (real built plugin, real gateway with Studio, Chromium): the Product
 * cut-out standing on Kitchen, a warm backdrop lit from the left, is lit to match it and placed over it with
 * its shadow beneath, grouped, as one undo step.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

import type { FrameLocator, Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import type { LayerInfo } from '../../playground/page/test-hook.js'
import type { JobListView } from '../../src/protocol/api.js'
import { halfLuminanceRatios, type Pixels } from './luminance.js'
import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-match-scene-')
const WAIT = { timeout: 15_000 }
const GROUP = 'Product · matched to Kitchen'
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The serious and critical axe-core violations in the plugin's document, as rule ids. */
async function seriousViolations(page: Page): Promise<string[]> {
  const frame = await (
    await page.locator('.plugin-window iframe[title="Relight"]').elementHandle()
  )?.contentFrame()
  if (!frame) throw new Error('no plugin frame')
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE)
  return frame.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run: (d: Document) => Promise<{ violations: { id: string; impact: string | null }[] }> }
    }
    const { violations } = await axe.run(document)
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
  })
}

async function selectProductOnKitchen(page: Page): Promise<void> {
  const tree = page.getByRole('tree', { name: 'Layers' })
  await tree.getByRole('treeitem', { name: 'Kitchen', exact: true }).click()
  await tree.getByRole('treeitem', { name: 'Product', exact: true }).click({ modifiers: ['Shift'] })
}

async function layers(page: Page): Promise<LayerInfo[]> {
  return page.evaluate(() => window.playground.layers())
}

async function pixels(page: Page, id: string): Promise<Pixels> {
  const { width, height, rgba } = await page.evaluate((layer) => window.playground.pixels(layer), id)
  return { width, height, data: new Uint8Array(Buffer.from(rgba, 'base64')) }
}

/** Mean red over mean blue of the opaque pixels. */
function warmth(image: Pixels): number {
  let r = 0
  let b = 0
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i + 3]! < 200) continue
    r += image.data[i]!
    b += image.data[i + 2]!
  }
  return r / Math.max(1, b)
}

async function relightAndWait(page: Page, plugin: FrameLocator): Promise<void> {
  await plugin.getByLabel('Prompt').fill('match the kitchen')
  const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
  await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
  await relight.click()
  await page
    .getByRole('tree', { name: 'Layers' })
    .getByRole('treeitem', { name: GROUP, exact: true })
    .waitFor({ timeout: 45_000 })
}

/** The red, green and blue bytes of `#rrggbb`. */
function hexChannels(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`)
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)]
}

/** Mean red minus mean blue over the opaque pixels of a canvas: above 0 leans warm, below cool. */
function canvasWarmth(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let sum = 0
    let count = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! < 200) continue
      sum += data[i]! - data[i + 2]!
      count++
    }
    return count === 0 ? 0 : sum / count
  })
}

async function latestOptions(origin: string): Promise<Readonly<Record<string, unknown>>> {
  const { jobs } = (await (await fetch(`${origin}/v1/jobs`)).json()) as JobListView
  if (jobs[0] === undefined) throw new Error('no job')
  return jobs[0].params.options
}

async function selectProductAndMatch(page: Page, plugin: FrameLocator): Promise<void> {
  await page
    .getByRole('tree', { name: 'Layers' })
    .getByRole('treeitem', { name: 'Product', exact: true })
    .click()
  const match = plugin.getByRole('checkbox', { name: /Match background “Kitchen”/ })
  await match.waitFor(WAIT)
  await match.check()
}

function centreX(layer: LayerInfo): number {
  return layer.x + layer.width / 2
}

/** Where the shadow is darkest on average: its alpha-weighted centre, in canvas units. */
async function shadowCentreX(page: Page, shadow: LayerInfo): Promise<number> {
  const image = await pixels(page, shadow.id)
  let sum = 0
  let weight = 0
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const a = image.data[(y * image.width + x) * 4 + 3]!
      sum += a * (x + 0.5)
      weight += a
    }
  }
  return shadow.x + (sum / weight) * (shadow.width / image.width)
}

describe('playground: Match background', () => {
  it('reads the light off Kitchen, lights Product to match and places it over Kitchen with its shadow, grouped, one undo step', async () => {
    const { page, plugin, errors } = await open()
    await selectProductOnKitchen(page)
    const match = plugin.getByRole('checkbox', { name: /Match background “Kitchen”/ })
    await expect.poll(() => match.isChecked(), WAIT).toBe(true)
    // The preview shows the subject first, lit as Kitchen lights it, not the backdrop.
    await plugin.getByText('1 of 2 · Product').waitFor(WAIT)

    // The estimated light: from the left on the light pad, a warm swatch.
    const pad = plugin.getByRole('img', { name: /^Light from -?\d+°$/ })
    await pad.waitFor(WAIT)
    const azimuth = Number(/(-?\d+)°/.exec((await pad.getAttribute('aria-label')) ?? '')![1])
    expect(Math.abs(azimuth)).toBeGreaterThan(135)
    const [r, , b] = hexChannels(await plugin.getByLabel('Light colour', { exact: true }).inputValue())
    expect(r).toBeGreaterThan(b + 20)

    const before = await layers(page)
    const product = before.find((layer) => layer.name === 'Product')!
    const undoBefore = await page.evaluate(() => window.playground.undoSteps())
    await relightAndWait(page, plugin)

    const after = await layers(page)
    const group = after.find((layer) => layer.name === GROUP)!
    expect(group.type).toBe('GROUP')
    expect(group.parentId).toBe(product.parentId)
    const children = after.filter((layer) => layer.parentId === group.id)
    expect(children.map((layer) => layer.name)).toEqual(['Product · shadow', 'Product · matched'])
    const [shadow, matched] = children as [LayerInfo, LayerInfo]
    // The relit subject sits exactly where Product stands; the shadow falls away from the light (right).
    expect([matched.x, matched.y, matched.width, matched.height]).toEqual([
      product.x,
      product.y,
      product.width,
      product.height
    ])
    expect(await shadowCentreX(page, shadow)).toBeGreaterThan(centreX(product) + 2)
    // Drawn above Product, so it covers the original on Kitchen.
    expect(after.findIndex((layer) => layer.id === group.id)).toBeGreaterThan(
      after.findIndex((layer) => layer.id === product.id)
    )

    const original = await pixels(page, product.id)
    const relit = await pixels(page, matched.id)
    const ratios = halfLuminanceRatios(original, relit)
    expect(ratios.left).toBeGreaterThan(ratios.right * 1.1)
    expect(warmth(relit)).toBeGreaterThan(warmth(original) * 1.05)

    expect(await page.evaluate(() => window.playground.undoSteps())).toBe(undoBefore + 1)
    expect(errors).toEqual([])
  }, 90_000)

  it('a direction chosen by the designer wins: light from the right brightens the right and casts the shadow left', async () => {
    const { page, plugin, errors } = await open()
    await selectProductOnKitchen(page)
    const direction = plugin.getByRole('slider', { name: 'Light direction' })
    await direction.waitFor(WAIT)
    await direction.evaluate((element) => {
      const input = element as HTMLInputElement
      input.value = '0'
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })
    await plugin.getByRole('img', { name: 'Light from 0°' }).waitFor(WAIT)
    await relightAndWait(page, plugin)

    const after = await layers(page)
    const product = after.find((layer) => layer.name === 'Product')!
    const group = after.find((layer) => layer.name === GROUP)!
    const shadow = after.find((layer) => layer.parentId === group.id && layer.name === 'Product · shadow')!
    const matched = after.find((layer) => layer.parentId === group.id && layer.name === 'Product · matched')!
    expect(await shadowCentreX(page, shadow)).toBeLessThan(centreX(product) - 2)
    const ratios = halfLuminanceRatios(await pixels(page, product.id), await pixels(page, matched.id))
    expect(ratios.right).toBeGreaterThan(ratios.left * 1.1)
    expect(errors).toEqual([])
  }, 90_000)

  it('Product selected alone is offered its backdrop unticked; ticking it shows the light read off Kitchen, with no serious axe violation', async () => {
    const { page, plugin, errors } = await open()
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Product', exact: true })
      .click()
    const match = plugin.getByRole('checkbox', { name: /Match background “Kitchen”/ })
    await match.waitFor(WAIT)
    expect(await match.isChecked()).toBe(false)
    expect(await plugin.getByRole('img', { name: /^Light from/ }).count()).toBe(0)
    await match.check()
    await plugin.getByRole('img', { name: /^Light from -?\d+°$/ }).waitFor(WAIT)
    // The light pad, swatch, direction slider and Auto are named and legible.
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
  }, 60_000)

  it("the designer picks the light's colour by name: the preview follows, the request carries it, and Use the scene's colour returns to the estimate", async () => {
    const { page, plugin, errors, gatewayOrigin } = await open()
    await selectProductAndMatch(page, plugin)
    const colour = plugin.getByLabel('Light colour', { exact: true })
    await colour.waitFor(WAIT)
    const estimate = await colour.inputValue()
    const [r, , b] = hexChannels(estimate)
    expect(r).toBeGreaterThan(b + 20)
    const reset = plugin.getByRole('button', { name: "Use the scene's colour" })
    expect(await reset.isDisabled()).toBe(true)

    // The preview lights Product in the scene's warm colour, then in the cool one picked.
    const preview = plugin.getByRole('img', { name: 'Preview', exact: true })
    await preview.waitFor(WAIT)
    let warm = 0
    await expect.poll(async () => (warm = await canvasWarmth(preview)), WAIT).toBeGreaterThan(0)
    await colour.fill('#3070ff')
    await expect.poll(() => canvasWarmth(preview), WAIT).toBeLessThan(warm - 20)
    expect(await colour.inputValue()).toBe('#3070ff')

    // Back to the estimate: the swatch, the preview and the next request.
    await reset.click()
    await expect.poll(() => colour.inputValue(), WAIT).toBe(estimate)
    await expect.poll(() => canvasWarmth(preview), WAIT).toBeGreaterThan(warm - 5)
    expect(await reset.isDisabled()).toBe(true)
    await relightAndWait(page, plugin)
    expect(await latestOptions(gatewayOrigin)).not.toHaveProperty('lightColor')
    const [estimated] = (await layers(page)).filter((layer) => layer.name === 'Product · matched')

    // Picked again, the run carries it and the placed subject comes back cool on the warm kitchen.
    await selectProductAndMatch(page, plugin)
    await colour.fill('#3070ff')
    await expect.poll(() => reset.isEnabled(), WAIT).toBe(true)
    const undoBefore = await page.evaluate(() => window.playground.undoSteps())
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await expect
      .poll(() => page.evaluate(() => window.playground.undoSteps()), { timeout: 45_000 })
      .toBe(undoBefore + 1)
    expect(await latestOptions(gatewayOrigin)).toMatchObject({ lightColor: '#3070ff' })
    const after = await layers(page)
    const product = after.find((layer) => layer.name === 'Product')!
    const picked = after.find((layer) => layer.name === 'Product · matched' && layer.id !== estimated!.id)!
    const cool = warmth(await pixels(page, picked.id))
    expect(cool).toBeLessThan(warmth(await pixels(page, estimated!.id)) * 0.8)
    expect(cool).toBeLessThan(warmth(await pixels(page, product.id)))
    expect(errors).toEqual([])
  }, 120_000)

  it('Perfume alone in the Dusk frame is matched to the frame around it: lit from the glow, placed in the frame at its place, one undo step, the frame unchanged', async () => {
    const { page, plugin, errors } = await open()
    const before = await layers(page)
    const dusk = before.find((layer) => layer.name === 'Dusk')!
    const perfume = before.find((layer) => layer.name === 'Perfume')!
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Perfume', exact: true })
      .click()
    const match = plugin.getByRole('checkbox', { name: /Match background “Dusk”/ })
    await match.waitFor(WAIT)
    expect(await match.isChecked()).toBe(false)
    await match.check()
    await plugin.getByText('Matching to “Dusk”, the frame around “Perfume”').waitFor(WAIT)
    // The glow is at the frame's upper right: the light read off the frame (Perfume taken out) comes from there.
    const pad = plugin.getByRole('img', { name: /^Light from -?\d+°$/ })
    await pad.waitFor(WAIT)
    const azimuth = Number(/(-?\d+)°/.exec((await pad.getAttribute('aria-label')) ?? '')![1])
    expect(Math.abs(azimuth)).toBeLessThan(80)

    const undoBefore = await page.evaluate(() => window.playground.undoSteps())
    await plugin.getByLabel('Prompt').fill('match the dusk')
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Perfume · matched to Dusk', exact: true })
      .waitFor({ timeout: 45_000 })

    const after = await layers(page)
    const group = after.find((layer) => layer.name === 'Perfume · matched to Dusk')!
    expect(group.parentId).toBe(dusk.id)
    const inDusk = after.filter((layer) => layer.parentId === dusk.id).map((layer) => layer.name)
    expect(inDusk).toEqual(['Perfume', 'Perfume · matched to Dusk'])
    const matched = after.find((layer) => layer.parentId === group.id && layer.name === 'Perfume · matched')!
    expect([matched.x, matched.y, matched.width, matched.height]).toEqual([
      perfume.x,
      perfume.y,
      perfume.width,
      perfume.height
    ])
    // Lit from the right, as the glow: the right half gains on the left.
    const ratios = halfLuminanceRatios(await pixels(page, perfume.id), await pixels(page, matched.id))
    expect(ratios.right).toBeGreaterThan(ratios.left * 1.05)
    // The frame and Perfume are as they were: nothing hidden, moved or resized for the export.
    const still = (id: string) => after.find((layer) => layer.id === id)!
    for (const layer of [dusk, perfume]) {
      const now = still(layer.id)
      expect([now.x, now.y, now.width, now.height, now.visible]).toEqual([
        layer.x,
        layer.y,
        layer.width,
        layer.height,
        true
      ])
    }
    expect(await page.evaluate(() => window.playground.undoSteps())).toBe(undoBefore + 1)
    expect(errors).toEqual([])
  }, 90_000)
})

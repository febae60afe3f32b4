/**
 * The plugin's new choices in the playground (real built plugin, real gateway, Chromium, a fake Segmind
 * speaking its documented API): every model's result in a format Figma places, the Mask control with its
 * reasons, the mask layer's grayscale upload and the mask over the live preview, and the collapsed More
 * section validated before any request and kept per model.
 */
import type { FrameLocator, Page } from 'playwright-core'
import sharp from 'sharp'
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

const { open } = usePlayground('relight-mask-more-', {
  env: () => ({ SEGMIND_API_KEY: SEGMIND_KEY, SEGMIND_API_URL: segmind.url })
})

async function selectBottle(page: Page): Promise<void> {
  await page
    .getByRole('tree', { name: 'Layers' })
    .getByRole('treeitem', { name: 'Bottle', exact: true })
    .click()
}

async function chooseModel(plugin: FrameLocator, label: string): Promise<void> {
  await plugin.getByRole('combobox', { name: 'Model' }).click()
  await plugin.getByText(label, { exact: true }).last().click()
}

async function latestJob(origin: string): Promise<JobListView['jobs'][number]> {
  const { jobs } = (await (await fetch(`${origin}/v1/jobs`)).json()) as JobListView
  if (jobs[0] === undefined) throw new Error('no job')
  return jobs[0]
}

const WAIT = { timeout: 15_000 }

describe('playground: formats, mask and More', () => {
  it('asks Segmind (WebP by default) for PNG, and places its result', async () => {
    const { page, plugin, errors, gatewayOrigin } = await open()
    await selectBottle(page)
    await plugin.getByLabel('Prompt').fill('warm sunset')
    await expect.poll(() => plugin.getByText('IC-Light (Segmind)').count(), WAIT).toBeGreaterThan(0)
    await chooseModel(plugin, 'IC-Light (Segmind)')
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click({ timeout: 45_000 })
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Bottle · warm sunset · left 1', exact: true })
      .waitFor({ timeout: 45_000 })
    const sent = segmind.requests.at(-1)?.body as Record<string, unknown>
    expect(sent.output_format).toBe('png')
    expect((await latestJob(gatewayOrigin)).params.outputFormat).toBe('png')
    expect(errors).toEqual([])
  }, 90_000)

  it('offers the mask modes with reasons, and shows the mask in use over the preview', async () => {
    const { page, plugin, errors } = await open()
    await selectBottle(page)
    const mask = plugin.getByRole('radiogroup', { name: 'Mask' })
    const transparency = mask.getByRole('radio', { name: /^Layer transparency/ })
    await expect.poll(() => transparency.isChecked(), WAIT).toBe(true)
    const maskLayer = mask.getByRole('radio', { name: /^Mask layer/ })
    expect(await maskLayer.isDisabled()).toBe(true)
    await plugin.getByText('Select a second layer or name one “Bottle mask” next to “Bottle”.').waitFor()
    // Studio finds the subject itself; Segmind takes only the layer's transparency or nothing.
    expect(await mask.getByRole('radio', { name: /^Auto/ }).isEnabled()).toBe(true)
    await chooseModel(plugin, 'IC-Light (Segmind)')
    await expect.poll(() => mask.getByRole('radio', { name: /^Auto/ }).isDisabled(), WAIT).toBe(true)
    await plugin.getByText("IC-Light (Segmind) can't separate the subject by itself.").waitFor(WAIT)
    await chooseModel(plugin, 'Studio (built in)')

    // The mask over the preview: the bottle's transparent surroundings tinted, the bottle itself clear.
    await plugin.getByRole('checkbox', { name: 'Show mask' }).check()
    const overlay = plugin.getByRole('img', { name: 'Mask in use' })
    await overlay.waitFor(WAIT)
    const tint = () =>
      overlay.evaluate((element) => {
        const canvas = element as HTMLCanvasElement
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
        const at = (x: number, y: number) => data[(Math.floor(y) * canvas.width + Math.floor(x)) * 4 + 3]
        return { corner: at(0, 0), center: at(canvas.width / 2, canvas.height / 2) }
      })
    expect(await tint()).toEqual({ corner: expect.any(Number), center: 0 })
    expect((await tint()).corner).toBeGreaterThan(100)

    // None: the whole image is the subject, nothing tinted.
    await mask.getByRole('radio', { name: /^None/ }).check()
    await expect.poll(async () => (await tint()).corner, WAIT).toBe(0)
    await plugin.getByText('The whole image is the subject.').waitFor()
    expect(errors).toEqual([])
  }, 60_000)

  it('an opaque photo defaults to Auto, and the preview says what Studio made of it', async () => {
    const { page, plugin, errors } = await open()
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Coffee', exact: true })
      .click()
    const auto = plugin.getByRole('radiogroup', { name: 'Mask' }).getByRole('radio', { name: /^Auto/ })
    await expect.poll(() => auto.isChecked(), WAIT).toBe(true)
    // The cup fills the frame edge to edge: Studio finds no subject and says the light follows the shading.
    await plugin.getByText(/^No clear subject: .*The light follows the image's shading\.$/).waitFor(WAIT)
    expect(errors).toEqual([])
  }, 60_000)

  it('with a mask layer: Mask layer is offered, previewed, and its grayscale mask relights the layer', async () => {
    // The playground's "Poster mask" is a white rectangle over the left half of the "Poster" photo: the
    // plugin's main thread offers it as Poster's mask and exports it over Poster's box.
    const { page, plugin, gatewayOrigin, errors } = await open()
    // What the plugin uploads, read on its way to the gateway.
    const uploads: FormData[] = []
    await page.context().route(
      (url) => url.pathname === '/v1/relight',
      async (route) => {
        const request = route.request()
        const body = request.postDataBuffer() ?? Buffer.alloc(0)
        const type = (await request.allHeaders())['content-type'] ?? ''
        uploads.push(
          await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData()
        )
        await route.fallback()
      }
    )
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Poster', exact: true })
      .click()
    const mask = plugin.getByRole('radiogroup', { name: 'Mask' })
    const maskLayer = mask.getByRole('radio', { name: /^Mask layer/ })
    await expect.poll(() => maskLayer.isEnabled(), WAIT).toBe(true)
    await maskLayer.check()
    await plugin.getByText('Mask from “Poster mask”.').waitFor(WAIT)

    // The preview shows that mask: the left half clear (subject), the right half tinted.
    await plugin.getByRole('checkbox', { name: 'Show mask' }).check()
    const overlay = plugin.getByRole('img', { name: 'Mask in use' })
    await overlay.waitFor(WAIT)
    const halves = await overlay.evaluate((element) => {
      const canvas = element as HTMLCanvasElement
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
      const y = Math.floor(canvas.height / 2)
      const at = (x: number) => data[(y * canvas.width + Math.floor(x)) * 4 + 3]
      return { left: at(canvas.width / 4), right: at((canvas.width * 3) / 4) }
    })
    expect(halves.left).toBe(0)
    expect(halves.right).toBeGreaterThan(100)

    await plugin.getByLabel('Prompt').fill('warm sunset')
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click({ timeout: 45_000 })
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Poster · warm sunset · left 1', exact: true })
      .waitFor({ timeout: 45_000 })
    // The gateway refuses maskMode image without a mask part, or with one of another aspect: it got one.
    const job = await latestJob(gatewayOrigin)
    expect(job.status).toBe('succeeded')
    expect(job.params.maskMode).toBe('image')

    // The mask part is grayscale at the image's size: white (subject) left, black (transparent) right.
    const [form] = uploads
    const image = await sharp(Buffer.from(await (form!.get('image') as Blob).arrayBuffer())).metadata()
    const sent = sharp(Buffer.from(await (form!.get('mask') as Blob).arrayBuffer()))
    const { data, info } = await sent.raw().toBuffer({ resolveWithObject: true })
    expect({ width: info.width, height: info.height }).toEqual({ width: image.width, height: image.height })
    const pixel = (x: number) =>
      data[(Math.floor(info.height / 2) * info.width + Math.floor(x)) * info.channels]
    expect(pixel(info.width / 4)).toBe(255)
    expect(pixel((info.width * 3) / 4)).toBe(0)
    if (info.channels === 4) expect(data[(info.width - 1) * 4 + 3]).toBe(255)
    expect(errors).toEqual([])
  }, 90_000)

  it('More is collapsed; a value the gateway would refuse is explained before any request', async () => {
    const { page, plugin, gatewayOrigin } = await open()
    await selectBottle(page)
    await plugin.getByLabel('Prompt').fill('warm sunset')
    const size = plugin.getByLabel('Output size')
    expect(await size.isVisible()).toBe(false)
    await plugin.getByText('More', { exact: true }).click()
    await size.fill('5000')
    await plugin.getByText('The output size must be between 1 and 4096 (got 5000).').waitFor()
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isDisabled(), WAIT).toBe(true)
    await plugin.getByText('Fix Output size under More first.').waitFor()

    // The action bar stays in view at 320×600 with More open.
    const frame = await page.locator('.plugin-window iframe[title="Relight"]').boundingBox()
    const button = await relight.boundingBox()
    expect(frame).not.toBeNull()
    expect(button).not.toBeNull()
    expect(button!.y + button!.height).toBeLessThanOrEqual(frame!.y + frame!.height)

    // Valid values go into the request: the working size's long side and the locked seed.
    await size.fill('256')
    await plugin.getByLabel('Seed', { exact: true }).fill('42')
    await plugin.getByRole('checkbox', { name: /^Lock the seed/ }).check()
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click({ timeout: 45_000 })
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Bottle · warm sunset · left 1', exact: true })
      .waitFor({ timeout: 45_000 })
    const { params } = await latestJob(gatewayOrigin)
    expect(params.seed).toBe(42)
    expect(Math.max(params.width ?? 0, params.height ?? 0)).toBe(256)
  }, 90_000)

  it("keeps each model's More values apart", async () => {
    const { page, plugin } = await open()
    await selectBottle(page)
    await plugin.getByText('More', { exact: true }).click()
    await plugin.getByLabel('Seed', { exact: true }).fill('42')
    await expect.poll(() => plugin.getByText('IC-Light (Segmind)').count(), WAIT).toBeGreaterThan(0)
    await chooseModel(plugin, 'IC-Light (Segmind)')
    const steps = plugin.getByLabel('Steps')
    await steps.waitFor(WAIT)
    expect(await plugin.getByLabel('Seed', { exact: true }).inputValue()).toBe('')
    await steps.fill('500')
    await plugin.getByText('steps must be between 1 and 100 (got 500).').waitFor()
    await chooseModel(plugin, 'Studio (built in)')
    await expect.poll(() => plugin.getByLabel('Seed', { exact: true }).inputValue(), WAIT).toBe('42')
    expect(await plugin.getByLabel('Steps').count()).toBe(0)
  }, 60_000)
})

/**
 * Live in the real built plugin (playground, real gateway, Chromium) against the fake fal servers: turning
 * Live on, three changes of the prompt and the light each show a new frame from fal, only the newest change
 * is requested while a frame is out, frames a second are shown, and Place inserts a layer (the frame itself,
 * and at full size through an ordinary job with the Live seed). Without Live on the gateway the toggle is
 * disabled with the reason.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

import { type PlaygroundFakeFal, startPlaygroundFakeFal } from '../../playground/fake-fal.js'
import { assertPluginBuilt } from '../../playground/server.js'
import { type Playground, startPlayground } from '../../playground/start.js'
import { configWith } from '../../src/gateway/env.js'
import { launchBrowser } from '../../testkit/launch-browser.js'
import { gatewayOrigins, routeGatewayTo } from '../../testkit/route-gateway.js'

let browser: Browser
let fakes: PlaygroundFakeFal
let playground: Playground
let dataDir: string
const contexts: BrowserContext[] = []

beforeAll(async () => {
  assertPluginBuilt()
  dataDir = await mkdtemp(join(tmpdir(), 'relight-live-'))
  const base = configWith({ port: 0, logLevel: 'silent', dataDir })
  fakes = await startPlaygroundFakeFal(base, 150)
  playground = await startPlayground({ port: 0, logLevel: 'silent', dataDir, ...fakes.config })
  browser = await launchBrowser()
})

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()))
})

afterAll(async () => {
  await browser?.close()
  await playground?.close()
  await fakes?.close()
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true })
})

/** The playground page with the plugin; HTTP and the Live socket both reach the test's gateway. */
async function open(
  target: Playground = playground
): Promise<{ page: Page; plugin: FrameLocator; errors: string[] }> {
  const origin = target.origin
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  contexts.push(context)
  await routeGatewayTo(context, origin)
  const sockets = new Set([...gatewayOrigins()].map((o) => o.replace(/^http/, 'ws')))
  // The plugin's socket goes to the origin in its build; relay it to this test's gateway, both ways.
  await context.routeWebSocket(
    (url) => sockets.has(url.origin),
    (route) => {
      const url = new URL(route.url())
      const upstream = new WebSocket(`${origin.replace(/^http/, 'ws')}${url.pathname}${url.search}`)
      const early: string[] = []
      upstream.on('open', () => early.splice(0).forEach((message) => upstream.send(message)))
      upstream.on('message', (data) => route.send(String(data)))
      upstream.on('close', (code, reason) => route.close({ code, reason: String(reason) }))
      route.onMessage((message) => {
        const text = String(message)
        if (upstream.readyState === WebSocket.OPEN) upstream.send(text)
        else early.push(text)
      })
      route.onClose((code) => upstream.close(code === 1005 || code === undefined ? 1000 : code))
    }
  )
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`))
  await page.goto(target.url)
  await page.evaluate(() => window.playground.ready)
  return { page, plugin: page.frameLocator('.plugin-window iframe[title="Relight"]'), errors }
}

const prompts = (): unknown[] => fakes.realtime.frames.map((frame) => frame.input.prompt)

async function shownFrame(plugin: FrameLocator): Promise<number> {
  const id = await plugin.locator('img[data-live-frame]').getAttribute('data-live-frame', { timeout: 15_000 })
  return Number(id)
}

/** Waits until the preview shows a frame newer than `after`; answers its id. */
async function nextFrame(plugin: FrameLocator, after: number): Promise<number> {
  await expect.poll(() => shownFrame(plugin), { timeout: 15_000 }).toBeGreaterThan(after)
  return shownFrame(plugin)
}

describe('Live in the plugin', () => {
  it('follows prompt and light changes with fal frames, newest only, and Place inserts layers', async () => {
    const { page, plugin, errors } = await open()
    const layers = page.getByRole('tree', { name: 'Layers' })
    await layers.getByRole('treeitem', { name: 'Bottle', exact: true }).click()
    await plugin.getByLabel('Prompt').fill('warm sunset')

    const toggle = plugin.getByRole('checkbox', { name: /^Live/ })
    await expect.poll(() => toggle.isEnabled(), { timeout: 15_000 }).toBe(true)
    await toggle.check({ force: true })
    let shown = await nextFrame(plugin, 0)
    expect(prompts()).toEqual(['warm sunset'])
    const seed = fakes.realtime.frames[0]!.input.seed

    // Three changes, each waited for: three new frames shown, each from its own request.
    await plugin.getByLabel('Prompt').fill('cool moonlight')
    shown = await nextFrame(plugin, shown)
    await plugin.getByRole('radio', { name: 'Top', exact: true }).check({ force: true })
    shown = await nextFrame(plugin, shown)
    await plugin.getByLabel('Prompt').fill('neon glow')
    shown = await nextFrame(plugin, shown)
    expect(prompts()).toEqual(['warm sunset', 'cool moonlight', 'cool moonlight', 'neon glow'])
    // Every frame of the session has the same seed, so Place can render the same image at full size.
    expect(new Set(fakes.realtime.frames.map((frame) => frame.input.seed))).toEqual(new Set([seed]))
    await expect.poll(() => plugin.getByTestId('live-status').textContent()).toMatch(/\d+(\.\d)? fps/)

    // While a frame is out, changes wait and only the newest is requested.
    fakes.realtime.renderMs = 1500
    const before = fakes.realtime.frames.length
    await plugin.getByLabel('Prompt').fill('one')
    await expect.poll(() => fakes.realtime.frames.length, { timeout: 10_000 }).toBe(before + 1)
    await plugin.getByLabel('Prompt').fill('two')
    await plugin.getByLabel('Prompt').fill('three')
    await plugin.getByRole('radio', { name: 'Right', exact: true }).check({ force: true })
    shown = await nextFrame(plugin, shown)
    await expect.poll(() => prompts().length, { timeout: 10_000 }).toBe(before + 2)
    await expect.poll(() => prompts().slice(before), { timeout: 10_000 }).toEqual(['one', 'three'])
    await page.waitForTimeout(500)
    expect(prompts().slice(before)).toEqual(['one', 'three']) // 'two' was never sent
    fakes.realtime.renderMs = 150
    await nextFrame(plugin, shown)

    // Place this frame: the frame itself becomes a layer.
    const countBefore = (await page.evaluate(() => window.playground.layers())).length
    await plugin.getByRole('button', { name: 'Place this frame' }).click()
    await expect
      .poll(async () => (await page.evaluate(() => window.playground.layers())).length, { timeout: 15_000 })
      .toBe(countBefore + 1)

    // Place: the same prompt, light and seed at full size through an ordinary job of the same model.
    const jobsBefore = fakes.queue.jobs.size
    await plugin.getByRole('button', { name: 'Place', exact: true }).click()
    await expect
      .poll(async () => (await page.evaluate(() => window.playground.layers())).length, { timeout: 45_000 })
      .toBe(countBefore + 2)
    const job = [...fakes.queue.jobs.values()][jobsBefore]!
    expect(job.app).toBe('fal-ai/lcm-sd15-i2i')
    expect(job.input).toMatchObject({ prompt: 'three', seed })
    expect(errors).toEqual([])
  }, 120_000)

  it('shows the toggle disabled, with the reason, on a gateway without Live', async () => {
    const offDir = await mkdtemp(join(tmpdir(), 'relight-live-off-'))
    const off = await startPlayground({
      port: 0,
      logLevel: 'silent',
      dataDir: offDir,
      ...fakes.config,
      realtime: { ...fakes.config.realtime, enabled: false }
    })
    try {
      const { page, plugin } = await open(off)
      await page
        .getByRole('tree', { name: 'Layers' })
        .getByRole('treeitem', { name: 'Bottle', exact: true })
        .click()
      await plugin.getByText('Your admin turned Live off on this gateway.').waitFor({ timeout: 15_000 })
      expect(await plugin.getByRole('checkbox', { name: /^Live/ }).isDisabled()).toBe(true)
    } finally {
      await off.close()
      await rm(offDir, { recursive: true, force: true })
    }
  }, 60_000)
})

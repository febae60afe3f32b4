/**
 * The shared setup of the browser tests: a playground (real gateway, real built plugin) on a free port with
 * its own data folder, one Chromium for the file, and a fresh browser context for every page opened.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'

import { assertPluginBuilt } from '../../playground/server.js'
import { type Playground, startPlayground } from '../../playground/start.js'
import { launchBrowser } from '../../testkit/launch-browser.js'
import { routeGatewayTo } from '../../testkit/route-gateway.js'

export interface Session {
  readonly page: Page
  readonly plugin: FrameLocator
  /** Console errors and uncaught exceptions from the page and the plugin iframe. */
  readonly errors: string[]
  /** The playground's own origin, where its gateway answers (for checking what the plugin sent). */
  readonly gatewayOrigin: string
}

export interface PlaygroundSetup {
  /** Gateway environment (e.g. a provider key and a fake provider's URL), read once before it starts. */
  readonly env?: () => Readonly<Record<string, string>>
}

/**
 * Registers the file's hooks (start before all, close each page's context after each test, stop after
 * all) and answers `open`, which loads the playground (with `query`, e.g. `?theme=dark`) in a new page.
 */
export function usePlayground(
  dataDirPrefix: string,
  setup: PlaygroundSetup = {}
): { open(query?: string, prepare?: (page: Page) => Promise<unknown>): Promise<Session> } {
  let playground: Playground
  let browser: Browser
  let dataDir: string | undefined
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    assertPluginBuilt()
    dataDir = await mkdtemp(join(tmpdir(), dataDirPrefix))
    playground = await startPlayground({
      port: 0,
      logLevel: 'silent',
      dataDir,
      ...(setup.env !== undefined ? { env: setup.env() } : {})
    })
    browser = await launchBrowser()
  })

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()))
  })

  afterAll(async () => {
    await browser?.close()
    await playground?.close()
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true })
  })

  /** `prepare` runs on the new page before it loads (e.g. page.addInitScript). */
  async function open(query = '', prepare?: (page: Page) => Promise<unknown>): Promise<Session> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    contexts.push(context)
    await routeGatewayTo(context, playground.origin)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`)
    })
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`))
    await prepare?.(page)
    await page.goto(playground.url + query)
    await page.evaluate(() => window.playground.ready)
    return {
      page,
      plugin: page.frameLocator('.plugin-window iframe[title="Relight"]'),
      errors,
      gatewayOrigin: playground.origin
    }
  }

  return { open }
}

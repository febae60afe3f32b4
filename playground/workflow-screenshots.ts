/**
 * Regenerates the plugin screenshots in docs/ used by the README: the results tray, compare (holding a
 * result shows the original), presets with Studio's understood words, the light pad and History. Run after
 * a build: `npm run build && npx tsx playground/workflow-screenshots.ts`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { Locator, Page } from 'playwright-core'

import { launchBrowser } from '../testkit/launch-browser.js'
import { routeGatewayTo } from '../testkit/route-gateway.js'
import { PROJECT_DIR } from './server.js'
import { startPlayground } from './start.js'

const docs = join(PROJECT_DIR, 'docs')
const dataDir = await mkdtemp(join(tmpdir(), 'relight-shots-'))
const playground = await startPlayground({ port: 0, logLevel: 'silent', dataDir })
const browser = await launchBrowser()

async function shot(page: Page, target: Locator, name: string): Promise<void> {
  await target.scrollIntoViewIfNeeded()
  await page.evaluate(() => document.fonts.ready)
  await target.screenshot({ path: join(docs, name) })
  console.log(`wrote docs/${name}`)
}

try {
  await mkdir(docs, { recursive: true })
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 })
  await routeGatewayTo(context, playground.origin)
  const page = await context.newPage()
  await page.goto(playground.url)
  await page.evaluate(() => window.playground.ready)
  const plugin = page.frameLocator('.plugin-window iframe[title="Relight"]')
  const tab = (name: string) => plugin.locator('label').filter({ hasText: new RegExp(`^${name}$`) })
  await page
    .getByRole('tree', { name: 'Layers' })
    .getByRole('treeitem', { name: 'Bottle', exact: true })
    .click()

  await plugin.getByRole('toolbar', { name: 'Presets' }).getByRole('button', { name: 'Golden hour' }).click()
  await plugin.getByText(/^Studio understood:/).waitFor()
  await shot(page, page.locator('.plugin-window'), 'presets.png')

  await plugin.getByRole('radiogroup', { name: 'Light' }).getByRole('radio', { name: 'Left' }).click()
  await shot(page, plugin.getByRole('radiogroup', { name: 'Light' }), 'light-pad.png')

  await plugin.getByRole('radio', { name: '2', exact: true }).check()
  await plugin.getByRole('button', { name: 'Relight', exact: true }).click()
  const results = plugin.getByRole('region', { name: 'Results to place' })
  await plugin.getByRole('img', { name: 'Result 2', exact: true }).waitFor({ timeout: 60_000 })
  await shot(page, results, 'tray.png')

  await plugin.getByRole('img', { name: 'Result 1', exact: true }).hover()
  await page.mouse.down()
  await plugin.getByRole('img', { name: 'Original of result 1', exact: true }).waitFor()
  await shot(page, results, 'compare.png')
  await page.mouse.up()

  await plugin.getByRole('button', { name: 'Insert all', exact: true }).click()
  await tab('History').click()
  await plugin
    .getByRole('img', { name: /^Result of/ })
    .first()
    .waitFor({ timeout: 30_000 })
  await shot(page, page.locator('.plugin-window'), 'history.png')
} finally {
  await browser.close()
  await playground.close()
  await rm(dataDir, { recursive: true, force: true })
}

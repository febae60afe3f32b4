/**
 * Regenerates docs/playground.png: the playground in real Chromium after relighting the bottle from the left.
 * Run after a build: `npm run build && npx tsx playground/screenshot.ts [out.png]`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

import { launchBrowser } from '../testkit/launch-browser.js'
import { routeGatewayTo } from '../testkit/route-gateway.js'
import { PROJECT_DIR } from './server.js'
import { startPlayground } from './start.js'

const out = resolve(process.argv[2] ?? `${PROJECT_DIR}/docs/playground.png`)
const dataDir = await mkdtemp(join(tmpdir(), 'relight-screenshot-'))
const playground = await startPlayground({ port: 0, logLevel: 'silent', dataDir })
const browser = await launchBrowser()
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })
  await routeGatewayTo(context, playground.origin)
  const page = await context.newPage()
  await page.goto(playground.url)
  await page.evaluate(() => window.playground.ready)
  const plugin = page.frameLocator('.plugin-window iframe[title="Relight"]')

  await page
    .getByRole('tree', { name: 'Layers' })
    .getByRole('treeitem', { name: 'Bottle', exact: true })
    .click()
  await plugin.getByLabel('Prompt').fill('warm sunset')
  await plugin.getByRole('radio', { name: 'Left', exact: true }).check()
  await plugin.getByRole('button', { name: 'Relight', exact: true }).click()
  await plugin.getByRole('button', { name: 'Insert all', exact: true }).click({ timeout: 60_000 })
  await page
    .getByRole('treeitem', { name: 'Bottle · warm sunset · left 1', exact: true })
    .waitFor({ timeout: 60_000 })
  // Zoom to fit (the toolbar's zoom button, Shift+1 in Figma) so the original and the result both show.
  await page.getByTitle('Zoom to fit (Shift+1)').click()
  await page.mouse.move(640, 780)
  // Show the plugin from its top (placing results can scroll its panel down).
  await plugin.locator('body').evaluate((body) => {
    for (const element of [document.scrollingElement, ...body.querySelectorAll('*')]) {
      if (element !== null && element.scrollTop > 0) element.scrollTop = 0
    }
  })
  await page.waitForFunction(() => document.querySelectorAll('.toast').length === 0, null, {
    timeout: 10_000
  })
  await page.evaluate(() => document.fonts.ready)
  await mkdir(dirname(out), { recursive: true })
  await page.screenshot({ path: out })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  await playground.close()
  await rm(dataDir, { recursive: true, force: true })
}

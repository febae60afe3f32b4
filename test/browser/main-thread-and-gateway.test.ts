/**
 * In the playground (real built plugin, real gateway, Chromium): a main thread that never answers is given
 * up on with a message and its job forgotten, a finished job Figma does not place is reported once and never
 * offered again, and a gateway URL outside the build's manifest is refused before any request.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { PROJECT_DIR } from '../../playground/server.js'
import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-silent-main-')

const WAIT = { timeout: 15_000 }

/** The domains the built manifest allows, in its order: what the plugin may reach. */
function builtDomains(): string[] {
  const manifest = JSON.parse(readFileSync(join(PROJECT_DIR, 'manifest.json'), 'utf8')) as {
    networkAccess: { allowedDomains?: string[]; devAllowedDomains?: string[] }
  }
  const { allowedDomains = [], devAllowedDomains = [] } = manifest.networkAccess
  // The ws(s) entries are the gateway's Live socket, not gateway addresses.
  return [...new Set([...allowedDomains, ...devAllowedDomains])].filter((domain) =>
    /^https?:\/\//.test(domain)
  )
}

async function selectBottle(page: Page): Promise<void> {
  await page
    .getByRole('tree', { name: 'Layers' })
    .getByRole('treeitem', { name: 'Bottle', exact: true })
    .click()
}

/**
 * The main thread never sees INSERT_REQUEST, as when its handler threw inside Figma; every message the UI
 * sends is kept in window.relightSent. Registered before the playground loads, so this listener runs before
 * the fake figma.ui's own.
 */
async function silenceInserts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: unknown[][] = []
    Object.assign(window, { relightSent: seen })
    window.addEventListener('message', (event: MessageEvent<{ pluginMessage?: unknown }>) => {
      const message = event.data?.pluginMessage
      if (!Array.isArray(message)) return
      seen.push(message)
      if (message[0] === 'INSERT_REQUEST') event.stopImmediatePropagation()
    })
  })
}

async function sentByUi(page: Page): Promise<unknown[][]> {
  return page.evaluate(() => (window as unknown as { relightSent: unknown[][] }).relightSent)
}

describe('playground: a silent main thread and the manifest', () => {
  it('refuses a gateway URL outside the manifest before any request', async () => {
    const { page, plugin } = await open()
    const requested: string[] = []
    page.on('request', (request) => requested.push(request.url()))
    const tab = (name: string) => plugin.locator('label').filter({ hasText: new RegExp(`^${name}$`) })
    await tab('Settings').click()
    await plugin.getByLabel('Gateway URL').fill('https://relight.example.com')
    const line = `This build may only reach ${builtDomains().join(', ')}; rebuild with RELIGHT_GATEWAY_URL=https://relight.example.com`
    await plugin.getByRole('alert').filter({ hasText: line }).waitFor(WAIT)
    await plugin.getByRole('button', { name: 'Test connection' }).click()
    await plugin.getByRole('status').filter({ hasText: line }).waitFor(WAIT)
    await tab('Relight').click()
    await plugin.getByRole('alert').filter({ hasText: line }).waitFor(WAIT)
    // Longer than the models request's debounce: still nothing sent there.
    await page.waitForTimeout(1_000)
    expect(requested.filter((url) => url.includes('relight.example.com'))).toEqual([])
  }, 60_000)

  it('gives up on a main thread that never answers the insert, says so, and forgets the job', async () => {
    const { page, plugin } = await open('', silenceInserts)
    await selectBottle(page)
    await plugin.getByLabel('Prompt').fill('warm sunset')
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click({ timeout: 45_000 })
    await plugin
      .getByRole('alert')
      .filter({ hasText: 'Figma did not answer while placing the results (no reply in 30 s)' })
      .waitFor({ timeout: 75_000 })
    // Out of "running": Relight is offered again instead of the progress bar.
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    const sent = await sentByUi(page)
    const started = sent.find((message) => message[0] === 'JOB_STARTED')
    expect(started).toBeDefined()
    expect(sent).toContainEqual(['FORGET_JOBS', [started![1]]])
  }, 120_000)

  it('a finished job Figma does not place is reported once on the next open, then never offered again', async () => {
    const { page, plugin } = await open('', silenceInserts)
    await selectBottle(page)
    await plugin.getByLabel('Prompt').fill('warm sunset')
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    // The job succeeds at the gateway; Relight is closed before Figma answers the insert.
    await plugin.getByRole('button', { name: 'Insert all', exact: true }).click({ timeout: 45_000 })
    await expect
      .poll(async () => (await sentByUi(page)).some((message) => message[0] === 'INSERT_REQUEST'), WAIT)
      .toBe(true)
    await page.getByRole('button', { name: 'Close Relight' }).click()
    await page.getByRole('button', { name: 'Run Relight' }).click()

    const offer = plugin.getByText('1 relight finished while Relight was closed.')
    await offer.waitFor(WAIT)
    await plugin.getByRole('button', { name: 'Insert', exact: true }).click()
    await plugin
      .getByRole('alert')
      .filter({ hasText: 'could not be placed: Figma did not answer while placing the results' })
      .filter({ hasText: 'Relight will not offer it again.' })
      .waitFor({ timeout: 75_000 })
    const started = (await sentByUi(page)).find((message) => message[0] === 'JOB_STARTED')
    expect(await sentByUi(page)).toContainEqual(['FORGET_JOBS', [started![1]]])

    // Opened again: nothing is offered.
    await page.getByRole('button', { name: 'Close Relight' }).click()
    await page.getByRole('button', { name: 'Run Relight' }).click()
    await plugin.getByRole('button', { name: 'Relight', exact: true }).waitFor(WAIT)
    await page.waitForTimeout(1_000)
    expect(await offer.count()).toBe(0)
  }, 150_000)
})

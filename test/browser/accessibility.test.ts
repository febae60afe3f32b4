/**
 * axe-core on the plugin UI in the playground (real built plugin, Chromium), light and dark: the Relight
 * tab with a layer selected and results waiting, History and Settings have no serious or critical
 * violation (contrast, names, roles…); focus stays on the action bar after a run.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

import type { Frame, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-a11y-')

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WAIT = { timeout: 15_000 }

interface Violation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[]
}

async function pluginFrame(page: Page): Promise<Frame> {
  const handle = await page.locator('.plugin-window iframe[title="Relight"]').elementHandle()
  const frame = await handle?.contentFrame()
  if (frame === null || frame === undefined) throw new Error('no plugin frame')
  return frame
}

/** The serious and critical violations axe finds in the plugin's document, in a line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const frame = await pluginFrame(page)
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE)
  const violations = (await frame.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> }
      }
    ).axe
    return (await axe.run(document, { resultTypes: ['violations'] })).violations
  })) as Violation[]
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`
    )
}

describe.each(['light', 'dark'])('axe on the plugin UI, %s theme', (theme) => {
  it('no serious or critical violation on Relight (with results waiting), History and Settings', async () => {
    const { page, plugin, errors } = await open(theme === 'dark' ? '?theme=dark' : '')
    const tab = (name: string) => plugin.locator('label').filter({ hasText: new RegExp(`^${name}$`) })
    expect(await seriousViolations(page)).toEqual([])

    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Bottle', exact: true })
      .click()
    await plugin.getByLabel('Prompt').fill('warm sunset')
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.focus()
    await page.keyboard.press('Enter')
    await plugin.getByRole('img', { name: 'Result 1', exact: true }).waitFor({ timeout: 60_000 })
    // Focus is still on Relight once the run is over: the designer can press it again.
    await expect
      .poll(() => relight.evaluate((element) => element === document.activeElement), WAIT)
      .toBe(true)
    expect(await seriousViolations(page)).toEqual([])

    await tab('History').click()
    await plugin.getByRole('button', { name: 'Copy settings' }).first().waitFor(WAIT)
    expect(await seriousViolations(page)).toEqual([])
    await tab('Settings').click()
    await plugin.getByLabel('Gateway URL').waitFor(WAIT)
    expect(await seriousViolations(page)).toEqual([])
    expect(errors).toEqual([])
  }, 120_000)
})

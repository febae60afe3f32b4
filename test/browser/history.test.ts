/**
 * The History tab in the playground (real built plugin, real gateway, Chromium): this designer's recent
 * relights from GET /v1/jobs, listed after Relight was closed and opened again, with a thumbnail, prompt and
 * model; Copy settings fills the form, Re-run relights the selection with them, Re-insert places the
 * results again.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-history-')

const WAIT = { timeout: 15_000 }
const RUN = { timeout: 60_000 }

async function select(page: Page, name: string): Promise<void> {
  await page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem', { name, exact: true }).click()
}

describe('playground: history', () => {
  it('lists earlier relights after reopening; copy, re-run and re-insert them', async () => {
    const { page, plugin, errors } = await open()
    const tab = (name: string) => plugin.locator('label').filter({ hasText: new RegExp(`^${name}$`) })
    await select(page, 'Bottle')
    await plugin.getByLabel('Prompt').fill('blue hour')
    await plugin.getByRole('radio', { name: 'Right', exact: true }).check()
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await plugin.getByRole('img', { name: 'Result 1', exact: true }).waitFor(RUN)

    // Closed and opened again: the relight is still there, from the gateway.
    await page.getByRole('button', { name: 'Close Relight' }).click()
    await page.getByRole('button', { name: 'Run Relight' }).click()
    await tab('History').click()
    const entry = plugin.getByRole('region', { name: 'History' }).getByRole('listitem', { name: 'blue hour' })
    await entry.waitFor(WAIT)
    await entry.getByRole('img', { name: 'Result of “blue hour”' }).waitFor(WAIT)
    expect(await entry.textContent()).toContain('Studio (built in)')

    // Copy settings: back on the Relight tab with that prompt and light.
    await select(page, 'Camera')
    await entry.getByRole('button', { name: 'Copy settings' }).click()
    await expect.poll(() => plugin.getByLabel('Prompt').inputValue(), WAIT).toBe('blue hour')
    expect(await plugin.getByRole('radio', { name: 'Right', exact: true }).isChecked()).toBe(true)

    // Re-insert: its result goes on the canvas (the viewport's center: the job knows no layer here).
    await plugin.getByLabel('Prompt').fill('candle')
    await tab('History').click()
    await entry.getByRole('button', { name: 'Re-insert' }).click()
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Relit · blue hour · right', exact: true })
      .waitFor(WAIT)

    // Re-run: relights the selected layer with the job's settings.
    await select(page, 'Camera')
    await tab('History').click()
    const rerun = entry.getByRole('button', { name: 'Re-run' })
    await expect.poll(() => rerun.isEnabled(), WAIT).toBe(true)
    await rerun.click()
    await plugin.getByRole('img', { name: 'Result 1', exact: true }).waitFor(RUN)
    expect(await plugin.getByLabel('Prompt').inputValue()).toBe('blue hour')
    expect(errors).toEqual([])
  }, 150_000)

  it('erases a relight from the gateway after a second press; the list and GET /v1/jobs lose it', async () => {
    const { page, plugin, gatewayOrigin, errors } = await open()
    const tab = (name: string) => plugin.locator('label').filter({ hasText: new RegExp(`^${name}$`) })
    await select(page, 'Camera')
    await plugin.getByLabel('Prompt').fill('neon night')
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await plugin.getByRole('img', { name: 'Result 1', exact: true }).waitFor(RUN)
    const jobs = async () =>
      ((await (await fetch(`${gatewayOrigin}/v1/jobs`)).json()) as { jobs: { params: { prompt: string } }[] })
        .jobs
    expect((await jobs()).some((job) => job.params.prompt === 'neon night')).toBe(true)

    await tab('History').click()
    const entry = plugin
      .getByRole('region', { name: 'History' })
      .getByRole('listitem', { name: 'neon night' })
    await entry.waitFor(WAIT)
    await entry.getByRole('button', { name: 'Erase…' }).click()
    // The first press only asks: nothing is erased yet.
    await entry.getByText(/Layers already on the canvas stay\./).waitFor(WAIT)
    expect((await jobs()).some((job) => job.params.prompt === 'neon night')).toBe(true)
    await entry.getByRole('button', { name: 'Erase for good' }).click()
    await entry.waitFor({ state: 'detached', ...WAIT })
    expect((await jobs()).some((job) => job.params.prompt === 'neon night')).toBe(false)
    expect(errors).toEqual([])
  }, 120_000)
})

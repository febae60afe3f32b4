/**
 * A provider run's place in line and time left, in the plugin (real built plugin, real gateway, Chromium,
 * the fake fal queue whose runs take as long as the test says): read through the progress status region.
 */
import type { FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { JobView } from '../../src/protocol/api.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { fixtureBytes } from '../../testkit/fixtures.js'
import { usePlayground } from './playground-session.js'

/** Not a real key: the fake only compares it. */
const KEY = 'queue-estimate-test-key'
let fal: FakeFal
beforeAll(async () => {
  fal = await startFakeFal({ key: KEY, queuePolls: 0, progressPolls: 1 })
})
afterAll(() => fal?.close())

const { open } = usePlayground('relight-queue-estimate-', {
  env: () => ({ FAL_KEY: KEY, FAL_QUEUE_URL: fal.url, RELIGHT_CONCURRENCY_FAL: '3' })
})

const WAIT = { timeout: 15_000 }
const FAL_JOB = { model: 'fal/iclight-v2', prompt: 'warm sunset', lightSource: 'left' }

/** A fal run through the gateway's HTTP API, `runMs` long at the fake; returns once the fake has it. */
async function submitRun(origin: string, runMs: number): Promise<string> {
  fal.setRunMs(runMs)
  const before = fal.jobs.size
  const form = new FormData()
  form.set('params', JSON.stringify(FAL_JOB))
  form.set('image', new Blob([new Uint8Array(fixtureBytes('coffee.png'))]), 'layer.png')
  const response = await fetch(`${origin}/v1/relight`, { method: 'POST', body: form })
  if (response.status !== 202) throw new Error(`submit: ${response.status} ${await response.text()}`)
  const { id } = (await response.json()) as { id: string }
  await expect.poll(() => fal.jobs.size, WAIT).toBeGreaterThan(before)
  return id
}

const status = async (origin: string, id: string) =>
  ((await (await fetch(`${origin}/v1/jobs/${id}`)).json()) as JobView).status

async function chooseModel(plugin: FrameLocator, label: string): Promise<void> {
  await plugin.getByRole('combobox', { name: 'Model' }).click()
  await plugin.getByText(label, { exact: true }).last().click()
}

async function select(page: Page, name: string): Promise<void> {
  await page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem', { name, exact: true }).click()
}

describe('playground: queue position and time left', () => {
  it('shows the place in line with an estimate from recent runs, then the time left while running', async () => {
    const { page, plugin, errors, gatewayOrigin } = await open()

    // Three finished runs of about 4 s give the model its median; they run side by side.
    const samples = [
      await submitRun(gatewayOrigin, 4000),
      await submitRun(gatewayOrigin, 4000),
      await submitRun(gatewayOrigin, 4000)
    ]
    for (const id of samples) {
      await expect.poll(() => status(gatewayOrigin, id), { timeout: 20_000 }).toBe('succeeded')
    }
    // Three long runs take every fal slot: the designer's run waits next in line.
    const holders = [
      await submitRun(gatewayOrigin, 120_000),
      await submitRun(gatewayOrigin, 120_000),
      await submitRun(gatewayOrigin, 120_000)
    ]

    await select(page, 'Bottle')
    await chooseModel(plugin, 'IC-Light v2 (fal.ai)')
    await plugin.getByRole('textbox', { name: 'Prompt', exact: true }).fill('warm sunset')
    await plugin.getByRole('radio', { name: 'Left', exact: true }).check()
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    fal.setRunMs(20_000)
    await relight.click()

    const progress = plugin.getByRole('status').filter({ hasText: /^Queued — / })
    await progress.waitFor(WAIT)
    const queued = (await progress.textContent()) ?? ''
    expect(queued).toMatch(/^Queued — next in line · about \d+ s$/)
    expect(await plugin.getByRole('progressbar', { name: 'Progress' }).getAttribute('aria-valuetext')).toBe(
      queued
    )
    // While the line stands still the shown time counts down; the status region keeps the gateway's words,
    // so a screen reader is not told every second.
    const seconds = Number(/about (\d+) s/.exec(queued)![1])
    const shown = plugin.locator('[data-status-shown]')
    await expect
      .poll(async () => Number(/about (\d+) s/.exec((await shown.textContent()) ?? '')?.[1]), WAIT)
      .toBeLessThan(seconds)
    expect(await progress.textContent()).toBe(queued)

    // A slot frees: the run starts at fal and counts down from the median.
    await fetch(`${gatewayOrigin}/v1/jobs/${holders[0]}/cancel`, { method: 'POST' })
    const left = plugin.getByRole('status').filter({ hasText: /^Relighting….* · about \d+ s left$/ })
    await left.waitFor(WAIT)

    await plugin.getByRole('button', { name: 'Cancel', exact: true }).click()
    for (const id of holders.slice(1))
      await fetch(`${gatewayOrigin}/v1/jobs/${id}/cancel`, { method: 'POST' })
    expect(errors).toEqual([])
  }, 90_000)
})

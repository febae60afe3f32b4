/**
 * Match background with fal's background-conditioned LoRA (real built plugin, real gateway, the fake fal
 * server on loopback, Chromium): the model reads the light off the background itself, so the form's
 * direction and colour are off with the reason, and the run sends the background and neither option.
 */
import type { FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { JobListView } from '../../src/protocol/api.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { FAL_KEY } from '../providers/helpers.js'
import { usePlayground } from './playground-session.js'

const WAIT = { timeout: 15_000 }
const LORA = 'IC-Light SD1.5 + LoRAs (fal.ai)'

let fal: FakeFal
beforeAll(async () => {
  fal = await startFakeFal({ key: FAL_KEY, queuePolls: 0, progressPolls: 0 })
})
afterAll(async () => {
  await fal?.close()
})

const { open } = usePlayground('relight-match-fal-', {
  env: () => ({
    FAL_KEY,
    FAL_QUEUE_URL: fal.url,
    RELIGHT_FAL_ICLIGHT_BG_WEIGHTS: 'https://weights.example/iclight_sd15_fbc.safetensors'
  })
})

async function selectProductOnKitchen(page: Page): Promise<void> {
  const tree = page.getByRole('tree', { name: 'Layers' })
  await tree.getByRole('treeitem', { name: 'Kitchen', exact: true }).click()
  await tree.getByRole('treeitem', { name: 'Product', exact: true }).click({ modifiers: ['Shift'] })
}

async function chooseModel(plugin: FrameLocator, label: string): Promise<void> {
  await plugin.getByRole('combobox', { name: 'Model' }).click()
  await plugin.getByText(label, { exact: true }).last().click()
}

describe('playground: Match background with a model that reads the light itself', () => {
  it("the colour and direction are off with the reason; the run sends the background and neither the designer's colour nor direction", async () => {
    const { page, plugin, errors, gatewayOrigin } = await open()
    await selectProductOnKitchen(page)
    // Chosen under Studio first: switching models must not carry them into a request fal's model refuses.
    const colour = plugin.getByLabel('Light colour', { exact: true })
    await colour.waitFor(WAIT)
    await colour.fill('#3070ff')
    await chooseModel(plugin, LORA)
    await expect.poll(() => colour.isDisabled(), WAIT).toBe(true)
    expect(await plugin.getByRole('slider', { name: 'Light direction' }).isDisabled()).toBe(true)
    await plugin
      .getByText(
        `${LORA} reads the light's colour off the background; choosing one is for Studio (built in).`,
        {
          exact: false
        }
      )
      .waitFor(WAIT)
    expect(await colour.getAttribute('aria-describedby')).toBe('match-reasons')

    const jobsBefore = fal.jobs.size
    await plugin.getByLabel('Prompt', { exact: true }).fill('match the kitchen')
    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await page
      .getByRole('tree', { name: 'Layers' })
      .getByRole('treeitem', { name: 'Product · matched to Kitchen', exact: true })
      .waitFor({ timeout: 45_000 })

    const { jobs } = (await (await fetch(`${gatewayOrigin}/v1/jobs`)).json()) as JobListView
    expect(jobs[0]?.model).toBe('fal/lora-image-to-image')
    expect(jobs[0]?.params.options).not.toHaveProperty('lightColor')
    expect(jobs[0]?.params.options).not.toHaveProperty('azimuth')
    const sent = [...fal.jobs.values()].slice(jobsBefore)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.input.ic_light_model_background_image_url).toMatch(/^data:image\/png;base64,/)
    expect(errors).toEqual([])
  }, 90_000)
})

/**
 * The sticky action bar never hides what the keyboard is on, in the 320×600 plugin window (real built
 * plugin, real gateway, Chromium; a fake fal queue that answers every run with a failure, for the error
 * banner). Tab goes through every control of the Relight view with More open, then with the results tray,
 * then with an error banner in the bar; each focused control must be wholly inside the scrolling view and
 * clear of the bar. "Go to" on the bar's hint brings the field it names into clear view.
 */
import type { FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { usePlayground } from './playground-session.js'

/** Not a real key: the fake only compares it. */
const KEY = 'sticky-bar-test-key'
let fal: FakeFal
beforeAll(async () => {
  fal = await startFakeFal({
    key: KEY,
    queuePolls: 0,
    progressPolls: 0,
    failWith: 'The GPU ran out of memory.'
  })
})
afterAll(() => fal?.close())

const { open } = usePlayground('relight-sticky-bar-', {
  env: () => ({ FAL_KEY: KEY, FAL_QUEUE_URL: fal.url })
})

const WAIT = { timeout: 15_000 }
const RUN = { timeout: 60_000 }

interface Box {
  readonly top: number
  readonly bottom: number
}

interface Focused {
  /** What the control is, for the failure message. */
  readonly name: string
  readonly box: Box
  readonly view: Box
  readonly bar: Box
  readonly inBar: boolean
  /** False for the tab strip above the scrolling view: it only has to be inside the window. */
  readonly inView: boolean
  readonly windowHeight: number
}

/**
 * The focused control's box (a radio or checkbox by its visible label: the input itself is hidden), the
 * scrolling view's and the sticky bar's, all in the window's coordinates.
 */
function focused(plugin: FrameLocator): Promise<Focused | undefined> {
  return plugin.locator('body').evaluate((body) => {
    const active = body.ownerDocument.activeElement
    if (!(active instanceof HTMLElement) || active === body) return undefined
    const input = active instanceof HTMLInputElement && ['radio', 'checkbox'].includes(active.type)
    const shown = (input ? active.closest('label') : null) ?? active
    const view = body.querySelector('[data-testid="plugin-content"]')!
    const bar = [...view.querySelectorAll('div')].find((div) => getComputedStyle(div).position === 'sticky')!
    const edges = (element: Element) => {
      const rect = element.getBoundingClientRect()
      return { top: Math.round(rect.top), bottom: Math.round(rect.bottom) }
    }
    const label =
      active.getAttribute('aria-label') ??
      shown.textContent?.trim().slice(0, 40) ??
      active.tagName.toLowerCase()
    return {
      name: `${active.tagName.toLowerCase()} "${label}"`,
      box: edges(shown),
      view: edges(view),
      bar: edges(bar),
      inBar: bar.contains(active),
      inView: view.contains(active),
      windowHeight: body.ownerDocument.defaultView!.innerHeight
    }
  })
}

/** What is wrong with where the focused control is, or undefined when it is in clear view. */
function problem(seen: Focused): string | undefined {
  const { box, view, bar } = seen
  if (!seen.inView) {
    const inside = box.top >= 0 && box.bottom <= seen.windowHeight
    return inside ? undefined : `${seen.name} at ${box.top}–${box.bottom} is outside the window`
  }
  if (box.top < view.top || box.bottom > view.bottom) {
    return `${seen.name} at ${box.top}–${box.bottom} is outside the view ${view.top}–${view.bottom}`
  }
  if (!seen.inBar && box.bottom > bar.top && box.top < bar.bottom) {
    return `${seen.name} at ${box.top}–${box.bottom} is under the action bar ${bar.top}–${bar.bottom}`
  }
  return undefined
}

/** Tabs from the first control of the plugin window through every one once; returns each problem met. */
async function tabThrough(
  page: Page,
  plugin: FrameLocator
): Promise<{ visited: number; problems: string[] }> {
  await plugin.locator('[data-testid="plugin-content"]').evaluate((view) => view.scrollTo(0, 0))
  // The first control in Tab order (the tab strip), reached as a keyboard user starts.
  await plugin.locator('body').evaluate((body) => {
    const control = body.querySelector<HTMLElement>(
      'input, button, textarea, select, summary, [tabindex="0"]'
    )
    control?.focus()
  })
  const problems: string[] = []
  let visited = 0
  let firstName: string | undefined
  for (let step = 0; step < 150; step++) {
    const seen = await focused(plugin)
    // Past the last control the focus leaves the plugin window; the first again means a full round.
    if (seen === undefined || (step > 0 && seen.name === firstName)) break
    firstName ??= seen.name
    visited++
    const wrong = problem(seen)
    if (wrong !== undefined) problems.push(wrong)
    await page.keyboard.press('Tab')
    // Let a smooth scroll started by the focus settle before measuring.
    await page.waitForTimeout(60)
  }
  return { visited, problems }
}

async function select(page: Page, name: string): Promise<void> {
  await page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem', { name, exact: true }).click()
}

async function chooseModel(plugin: FrameLocator, label: string): Promise<void> {
  await plugin.getByRole('combobox', { name: 'Model' }).click()
  await plugin.getByText(label, { exact: true }).last().click()
}

describe('playground: the sticky action bar at 320×600', () => {
  it('never covers the focused control: More open, the results tray, an error banner', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    await plugin.getByRole('textbox', { name: 'Prompt', exact: true }).fill('warm sunset')
    await plugin.getByRole('radio', { name: 'Left', exact: true }).check()
    await plugin.getByRole('radio', { name: '2', exact: true }).check()
    await plugin.getByText('More', { exact: true }).click()
    await plugin.getByLabel('Output size').waitFor(WAIT)

    const more = await tabThrough(page, plugin)
    expect(more.visited).toBeGreaterThan(15)
    expect(more.problems).toEqual([])

    const relight = plugin.getByRole('button', { name: 'Relight', exact: true })
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await plugin.getByRole('img', { name: 'Result 2', exact: true }).waitFor(RUN)
    const tray = await tabThrough(page, plugin)
    expect(tray.visited).toBeGreaterThan(more.visited)
    expect(tray.problems).toEqual([])

    // A run that fails at the provider: its error banner sits in the bar and makes it taller.
    await chooseModel(plugin, 'IC-Light v2 (fal.ai)')
    await plugin.getByRole('radio', { name: '1', exact: true }).check()
    await expect.poll(() => relight.isEnabled(), WAIT).toBe(true)
    await relight.click()
    await plugin.getByRole('alert').filter({ hasText: 'The GPU ran out of memory.' }).waitFor(RUN)
    const banner = await tabThrough(page, plugin)
    expect(banner.problems).toEqual([])
    expect(errors).toEqual([])
  }, 180_000)

  it('"Go to" on the hint brings the field it names into clear view', async () => {
    const { page, plugin, errors } = await open()
    await select(page, 'Bottle')
    await plugin.getByRole('textbox', { name: 'Prompt', exact: true }).fill('warm sunset')
    await plugin.getByText('More', { exact: true }).click()
    const size = plugin.getByLabel('Output size')
    await size.fill('5000')
    await plugin.getByText('Fix Output size under More first.').waitFor(WAIT)
    // Scrolled away from the field: it is off screen or under the bar.
    await plugin.locator('[data-testid="plugin-content"]').evaluate((view) => view.scrollTo(0, 0))

    await plugin.getByRole('button', { name: 'Go to Output size', exact: true }).click()
    await expect
      .poll(() => size.evaluate((field) => field === field.ownerDocument.activeElement), WAIT)
      .toBe(true)
    await page.waitForTimeout(400)
    const seen = await focused(plugin)
    expect(seen?.name).toBe('input "Output size"')
    expect(problem(seen!)).toBeUndefined()
    expect(errors).toEqual([])
  }, 90_000)
})

/**
 * The live preview's timing hook and coalescing (real built plugin in the playground, Chromium): every
 * render leaves one `relight-preview` measure saying what it rendered, a burst of changes inside one frame
 * renders once, and what is left on the canvas is the last change's relight. How long a render takes is the
 * benchmark's business (`npm run bench`), not this test's.
 */
import type { Frame, FrameLocator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { PREVIEW_MEASURE, type PreviewTimingDetail } from '../../ui/lib/preview-timing.js'
import { usePlayground } from './playground-session.js'

const { open } = usePlayground('relight-preview-timing-')

const WAIT = { timeout: 15_000 }

async function select(page: Page, name: string): Promise<void> {
  await page.getByRole('tree', { name: 'Layers' }).getByRole('treeitem', { name, exact: true }).click()
}

async function pluginFrame(page: Page): Promise<Frame> {
  const frame = await (await page.waitForSelector('.plugin-window iframe[title="Relight"]')).contentFrame()
  if (frame === null) throw new Error('The plugin iframe has no frame.')
  return frame
}

function rendered(frame: Frame): Promise<PreviewTimingDetail[]> {
  return frame.evaluate(
    (name) =>
      performance
        .getEntriesByName(name, 'measure')
        .map((entry) => (entry as PerformanceMeasure).detail as PreviewTimingDetail),
    PREVIEW_MEASURE
  )
}

/** Waits until no render has happened for a few frames, then answers every render so far. */
async function settled(frame: Frame): Promise<PreviewTimingDetail[]> {
  let count = -1
  for (;;) {
    const now = (await rendered(frame)).length
    if (now === count) return rendered(frame)
    count = now
    await frame.evaluate(
      () =>
        new Promise<void>((resolve) => {
          let frames = 0
          const next = () => (++frames === 5 ? resolve() : requestAnimationFrame(next))
          requestAnimationFrame(next)
        })
    )
  }
}

/** The preview canvas's pixels, premultiplied by their alpha (what the canvas keeps). */
async function previewPixels(plugin: FrameLocator): Promise<Uint8Array> {
  const base64 = await plugin.getByRole('img', { name: 'Preview' }).evaluate((element) => {
    const canvas = element as HTMLCanvasElement
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    let text = ''
    for (let i = 0; i < data.length; i++) {
      const alpha = data[i - (i % 4) + 3]!
      text += String.fromCharCode(i % 4 === 3 ? alpha : Math.round((data[i]! * alpha) / 255))
    }
    return btoa(text)
  })
  return new Uint8Array(Buffer.from(base64, 'base64'))
}

/**
 * The largest difference between two previews, per channel. Chromium may move a canvas between its GPU and
 * software paths after readbacks, and the two round premultiplied pixels differently by a step or two.
 */
function largestDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Infinity
  let largest = 0
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]! - b[i]!))
  return largest
}

/** Rounding, never a different relight: a changed light moves many levels. */
const SAME = 3

/** Clicks the light pad's radios one after another in one task: all inside one frame. */
function clickLightsInOneTask(frame: Frame, names: readonly string[]): Promise<void> {
  return frame.evaluate((labels) => {
    const pad = document.querySelector('[role="radiogroup"][aria-label="Light"]')!
    const radios = [...pad.querySelectorAll<HTMLButtonElement>('[role="radio"]')]
    for (const label of labels) radios.find((radio) => radio.textContent === label)!.click()
  }, names)
}

async function chooseLight(plugin: FrameLocator, name: string): Promise<void> {
  const radio = plugin.getByRole('radiogroup', { name: 'Light' }).getByRole('radio', { name, exact: true })
  await radio.click()
  await expect.poll(() => radio.getAttribute('aria-checked'), WAIT).toBe('true')
}

describe('live preview: timing marks and coalescing', () => {
  it('measures every render, with what it rendered, on a transparent layer and on an opaque photo', async () => {
    const { page, plugin, errors } = await open()
    const frame = await pluginFrame(page)
    for (const [layer, auto] of [
      ['Bottle', false],
      ['Coffee', true]
    ] as const) {
      await select(page, layer)
      await expect.poll(async () => (await rendered(frame)).at(-1)?.auto, WAIT).toBe(auto)
      await chooseLight(plugin, 'Right')
      const before = (await settled(frame)).length
      for (const light of ['Top', 'Left', 'Bottom']) {
        await chooseLight(plugin, light)
        const after = await settled(frame)
        // One change, one render, and its measure says which light it drew.
        expect(after.length).toBe(before + ['Top', 'Left', 'Bottom'].indexOf(light) + 1)
        expect(after.at(-1)).toMatchObject({ lightSource: light.toLowerCase(), auto })
        expect(after.at(-1)!.width * after.at(-1)!.height).toBeGreaterThan(0)
      }
    }
    expect(errors).toEqual([])
  }, 90_000)

  it('a burst of light changes renders fewer times than it changes, and shows the last one', async () => {
    const { page, plugin, errors } = await open()
    const frame = await pluginFrame(page)
    await select(page, 'Coffee')
    await expect.poll(async () => (await rendered(frame)).at(-1)?.auto, WAIT).toBe(true)
    // What Top alone looks like, and that it differs from Left (or the last check below proves nothing).
    await chooseLight(plugin, 'Left')
    await settled(frame)
    const left = await previewPixels(plugin)
    await chooseLight(plugin, 'Top')
    await settled(frame)
    const top = await previewPixels(plugin)
    expect(largestDifference(top, left)).toBeGreaterThan(10 * SAME)

    await chooseLight(plugin, 'Left')
    const before = (await settled(frame)).length
    const burst = ['Right', 'Bottom', 'Left', 'Right', 'Bottom', 'Left', 'Right', 'Top']
    await clickLightsInOneTask(frame, burst)
    const after = await settled(frame)
    expect(after.length - before).toBeGreaterThan(0)
    expect(after.length - before).toBeLessThan(burst.length)
    expect(after.at(-1)?.lightSource).toBe('top')
    expect(largestDifference(await previewPixels(plugin), top)).toBeLessThanOrEqual(SAME)
    expect(errors).toEqual([])
  }, 90_000)

  it('typing a burst of prompt characters renders fewer times than it types, ending on the whole prompt', async () => {
    const { page, plugin, errors } = await open()
    const frame = await pluginFrame(page)
    await select(page, 'Bottle')
    await expect.poll(async () => (await rendered(frame)).length, WAIT).toBeGreaterThan(0)
    const prompt = 'neon night'
    // The whole prompt at once, for the picture it should end on.
    await plugin.getByLabel('Prompt').fill(prompt)
    await settled(frame)
    const whole = await previewPixels(plugin)
    await plugin.getByLabel('Prompt').fill('')
    const before = (await settled(frame)).length
    expect(largestDifference(await previewPixels(plugin), whole)).toBeGreaterThan(10 * SAME)

    // Character by character, each an input event as the textarea fires them, all in one task.
    await plugin.getByLabel('Prompt').evaluate((element, text) => {
      const area = element as HTMLTextAreaElement
      for (let n = 1; n <= text.length; n++) {
        area.value = text.slice(0, n)
        area.dispatchEvent(new Event('input', { bubbles: true }))
      }
    }, prompt)
    const after = await settled(frame)
    expect(after.length - before).toBeGreaterThan(0)
    expect(after.length - before).toBeLessThan(prompt.length)
    expect(after.at(-1)?.prompt).toBe(prompt)
    expect(largestDifference(await previewPixels(plugin), whole)).toBeLessThanOrEqual(SAME)
    expect(errors).toEqual([])
  }, 90_000)
})

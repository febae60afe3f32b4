/** Matching a subject to a background through the real gateway: the `background` part, the catalog, errors. */
import { readdir } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import type { JobView, ModelListView } from '../../src/protocol/api.js'
import { decodeImage, encodePng } from '../../testkit/fixtures.js'
import { neutralDisc, sideLuma, warmScene, warmth } from '../helpers/scenes.js'
import { startDurable } from './durable/gateway-durable.js'
import { tempDataDir } from './durable/temp-dir.js'
import { GatedProvider, readEvents, relightForm, startTestGateway, waitFor } from './helpers.js'

let gw: RunningGateway
beforeAll(async () => {
  gw = await startTestGateway({ maxPixels: 200_000 })
})
afterAll(() => gw.close())

const disc = neutralDisc()
const STUDIO = { model: 'local/studio', prompt: 'match the scene', output: 'cutout' } as const

async function post(params: unknown, image: Uint8Array | null, background?: Uint8Array): Promise<Response> {
  const extra: Record<string, Blob> = background
    ? { background: new Blob([background as Uint8Array<ArrayBuffer>]) }
    : {}
  return fetch(`${gw.url}/v1/relight`, {
    method: 'POST',
    body: relightForm(params, image ?? undefined, extra)
  })
}

async function relit(params: unknown, background: Uint8Array) {
  const response = await post(params, await encodePng(disc), background)
  expect(response.status).toBe(202)
  const { id } = (await response.json()) as { id: string }
  const { views } = await readEvents(gw.url, id)
  const final = views.at(-1) as JobView
  expect(final.status).toBe('succeeded')
  const bytes = Buffer.from(await (await fetch(`${gw.url}${final.images[0]!.url}`)).arrayBuffer())
  return { view: final, image: await decodeImage(bytes) }
}

describe('POST /v1/relight with a background', () => {
  it('the catalog marks Studio as taking a background and the fal LoRA model, without its weights, not', async () => {
    const { models } = (await (await fetch(`${gw.url}/v1/models`)).json()) as ModelListView
    expect(models.find((m) => m.id === 'local/studio')?.acceptsBackground).toBe(true)
    expect(models.find((m) => m.id === 'fal/lora-image-to-image')?.acceptsBackground).toBeUndefined()
  })

  it('a neutral cut-out on a warm scene lit from the left comes back brighter on the left and warmer', async () => {
    const { image, view } = await relit(STUDIO, await encodePng(warmScene('left')))
    expect(image.width).toBe(disc.width)
    expect(sideLuma(image, 'left', disc)).toBeGreaterThan(sideLuma(image, 'right', disc) + 10)
    expect(warmth(image, disc)).toBeGreaterThan(warmth(disc) * 1.15)
    expect(view.logs?.some((line) => /Scene light from/.test(line))).toBe(true)
  })

  it('on the mirrored scene the right side is the brighter one', async () => {
    const { image } = await relit(STUDIO, await encodePng(warmScene('right')))
    expect(sideLuma(image, 'right', disc)).toBeGreaterThan(sideLuma(image, 'left', disc) + 10)
  })

  it('the scene output is the background with the subject placed on it and its shadow away from the light', async () => {
    const scene = warmScene('left')
    const placement = { x: 110 / 320, y: 80 / 200, width: 100 / 320, height: 100 / 200 }
    const { image } = await relit({ ...STUDIO, output: 'scene', placement }, await encodePng(scene))
    expect([image.width, image.height]).toEqual([scene.width, scene.height])
    const sum = (data: Uint8ClampedArray, x: number, y: number): number => {
      const i = (y * scene.width + x) * 4
      return data[i]! + data[i + 1]! + data[i + 2]!
    }
    // Right of the subject (away from the light) the backdrop is darkened; as far to its left it is not.
    expect(sum(image.data, 212, 130)).toBeLessThan(sum(scene.data, 212, 130) - 10)
    expect(sum(image.data, 107, 130)).toBeGreaterThan(sum(scene.data, 107, 130) - 6)
    // The subject sits where it was placed: the middle of the disc is not the backdrop's colour.
    expect(Math.abs(sum(image.data, 160, 130) - sum(scene.data, 160, 130))).toBeGreaterThan(20)
  })

  it('refuses a background that is not an image, naming the field', async () => {
    const response = await post(STUDIO, await encodePng(disc), new TextEncoder().encode('not a picture'))
    expect(response.status).toBe(415)
    const { error } = (await response.json()) as { error: { field: string; message: string } }
    expect(error.field).toBe('background')
    expect(error.message).toMatch(/background is not a PNG, JPEG or WebP/)
  })

  it('refuses a background over the pixel limit from its header', async () => {
    const big = await encodePng(warmScene('left', 600, 400))
    const response = await post(STUDIO, await encodePng(disc), big)
    expect(response.status).toBe(413)
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe('background')
  })

  it('refuses an empty background file and a second background', async () => {
    const empty = await post(STUDIO, await encodePng(disc), new Uint8Array())
    expect(empty.status).toBe(400)
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe('empty_file')

    const form = relightForm(STUDIO, await encodePng(disc))
    const bg = await encodePng(warmScene('left'))
    form.append('background', new Blob([bg as Uint8Array<ArrayBuffer>]), 'a.png')
    form.append('background', new Blob([bg as Uint8Array<ArrayBuffer>]), 'b.png')
    const twice = await fetch(`${gw.url}/v1/relight`, { method: 'POST', body: form })
    expect(twice.status).toBe(400)
    expect(((await twice.json()) as { error: { code: string } }).error.code).toBe('duplicate_field')
  })

  it('refuses a placement with no background to place the subject on', async () => {
    const placed = await post(
      { ...STUDIO, placement: { x: 0, y: 0, width: 0.5, height: 0.5 } },
      await encodePng(disc)
    )
    expect(placed.status).toBe(400)
    expect(((await placed.json()) as { error: { field: string } }).error.field).toBe('placement')
  })
})

describe('the light colour option with a background', () => {
  it('refuses a colour that is not #rrggbb with a 400 naming options.lightColor', async () => {
    const bg = await encodePng(warmScene('left'))
    for (const bad of ['orange', '#ffa04', 42]) {
      const response = await post({ ...STUDIO, options: { lightColor: bad } }, await encodePng(disc), bg)
      expect(response.status).toBe(400)
      const { error } = (await response.json()) as { error: { code: string; field: string; message: string } }
      expect(error.code).toBe('invalid_params')
      expect(error.field).toBe('options.lightColor')
      expect(error.message).toMatch(/^Light colour must be a colour written #rrggbb, e\.g\. "#ffb070"/)
    }
  })

  it('a chosen colour changes the result: cool on the warm scene comes back cooler than warm', async () => {
    const bg = await encodePng(warmScene('left'))
    const warm = await relit({ ...STUDIO, options: { lightColor: '#ffa040' } }, bg)
    const cool = await relit({ ...STUDIO, options: { lightColor: '#60A0FF' } }, bg)
    const estimated = await relit(STUDIO, bg)
    expect(warmth(cool.image, disc)).toBeLessThan(1)
    expect(warmth(cool.image, disc)).toBeLessThan(warmth(estimated.image, disc) * 0.8)
    expect(warmth(warm.image, disc)).toBeGreaterThan(warmth(cool.image, disc) * 1.5)
    // The direction still comes from the scene.
    expect(sideLuma(cool.image, 'left', disc)).toBeGreaterThan(sideLuma(cool.image, 'right', disc) + 10)
    expect(cool.view.params.options.lightColor).toBe('#60A0FF')
  })
})

describe('a background after a restart and under an Idempotency-Key', () => {
  const running: RunningGateway[] = []
  afterEach(async () => {
    for (const gateway of running.splice(0)) await gateway.close()
  })

  it('an interrupted job decodes its stored background again and still matches the scene', async () => {
    const dir = tempDataDir()
    const gated = new GatedProvider()
    const first = await startDurable(dir, {}, { providers: { local: gated } })
    running.push(first)
    const form = relightForm({ ...STUDIO, output: 'scene' }, await encodePng(disc), {
      background: new Blob([(await encodePng(warmScene('left'))) as Uint8Array<ArrayBuffer>])
    })
    const response = await fetch(`${first.url}/v1/relight`, { method: 'POST', body: form })
    const { id } = (await response.json()) as { id: string }
    await waitFor(async () => (gated.started.includes(id) ? true : undefined), 'studio started')
    await first.close()

    const second = await startDurable(dir)
    running.push(second)
    const final = (await readEvents(second.url, id)).views.at(-1) as JobView
    expect(final.status).toBe('succeeded')
    // The matched scene has the background's size: the background came back from the store.
    expect([final.images[0]!.width, final.images[0]!.height]).toEqual([320, 200])
  })

  it('the background upload is dropped with the other uploads once the job ends', async () => {
    const dir = tempDataDir()
    const gateway = await startDurable(dir)
    running.push(gateway)
    const form = relightForm(STUDIO, await encodePng(disc), {
      background: new Blob([(await encodePng(warmScene('left'))) as Uint8Array<ArrayBuffer>])
    })
    const { id } = (await (
      await fetch(`${gateway.url}/v1/relight`, { method: 'POST', body: form })
    ).json()) as {
      id: string
    }
    expect((await readEvents(gateway.url, id)).views.at(-1)?.status).toBe('succeeded')
    const stored = await waitFor(async () => {
      const files = await readdir(path.join(dir, 'images', id)).catch(() => [] as string[])
      const ended = files.some((name) => name.startsWith('result')) && !files.includes('input')
      return ended ? files : undefined
    }, 'uploads dropped')
    expect(stored.some((name) => name.startsWith('background'))).toBe(false)
    expect(stored.some((name) => name.startsWith('result'))).toBe(true)
  })

  it('the same key with another background is a different request (409)', async () => {
    const gateway = await startTestGateway()
    running.push(gateway)
    const send = async (background: Uint8Array) =>
      fetch(`${gateway.url}/v1/relight`, {
        method: 'POST',
        headers: { 'Idempotency-Key': 'match-1' },
        body: relightForm(STUDIO, await encodePng(disc), {
          background: new Blob([background as Uint8Array<ArrayBuffer>])
        })
      })
    expect((await send(await encodePng(warmScene('left')))).status).toBe(202)
    expect((await send(await encodePng(warmScene('left')))).headers.get('Idempotent-Replayed')).toBe('true')
    expect((await send(await encodePng(warmScene('right')))).status).toBe(409)
  })
})

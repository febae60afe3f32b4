/** Studio's auto subject mask through the gateway: the engine's decision reaches the job's logs. */
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import { fixture, readEvents, startTestGateway, STUDIO, submitOk } from './helpers.js'

let gw: RunningGateway
let packshot: Uint8Array

beforeAll(async () => {
  gw = await startTestGateway()
  // The bottle cut-out flattened onto white: an opaque packshot, as a photographer delivers it.
  packshot = new Uint8Array(
    await sharp(fixture('bottle-alpha.png')).flatten({ background: '#ffffff' }).png().toBuffer()
  )
})
afterAll(() => gw.close())

describe('local/studio with maskMode auto', () => {
  it('an opaque packshot: the log says the subject was found, and the cutout has its alpha', async () => {
    const meta = await sharp(packshot).metadata()
    expect(meta.hasAlpha).toBe(false)
    const id = await submitOk(gw.url, { ...STUDIO, maskMode: 'auto', output: 'cutout', width: 384 }, packshot)
    const { views } = await readEvents(gw.url, id)
    const done = views.at(-1)!
    expect(done.status).toBe('succeeded')
    expect(done.logs?.some((line) => /Studio: Subject found: \d+ % of the image/.test(line))).toBe(true)
    const bytes = new Uint8Array(await (await fetch(`${gw.url}${done.images[0]!.url}`)).arrayBuffer())
    const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const alpha = new Set<number>()
    for (let i = info.channels - 1; i < data.length; i += info.channels) alpha.add(data[i]!)
    expect(alpha.has(0) && alpha.has(255)).toBe(true)
  })

  it('a full-bleed photo: the log says there is no clear subject, once for all images', async () => {
    const id = await submitOk(gw.url, { ...STUDIO, maskMode: 'auto', numImages: 2 }, fixture('coffee.png'))
    const { views } = await readEvents(gw.url, id)
    const done = views.at(-1)!
    expect(done.status).toBe('succeeded')
    expect(done.images).toHaveLength(2)
    const notes = done.logs?.filter((line) => line.startsWith('Studio: No clear subject')) ?? []
    expect(notes).toHaveLength(1)
  })
})

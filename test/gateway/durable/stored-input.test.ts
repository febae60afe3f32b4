/**
 * What a job's stored input is made of: the upload as sent (and its mask file), decoded again when a
 * restarted gateway runs the job — to the same pixels as at submit.
 */
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../../src/gateway/server.js'
import { fixture, GatedProvider, readEvents, relightForm, STUDIO, submitOk } from '../helpers.js'
import { startDurable, waitForStatus } from './gateway-durable.js'
import { tempDataDir } from './temp-dir.js'

const running: RunningGateway[] = []
async function start(...args: Parameters<typeof startDurable>): Promise<RunningGateway> {
  const gw = await startDurable(...args)
  running.push(gw)
  return gw
}
afterEach(async () => {
  for (const gw of running.splice(0)) await gw.close()
})

const ONE_AT_A_TIME = { concurrency: { local: 1, fal: 1, replicate: 1, segmind: 1 } }

/** The first result's pixels, once the job has succeeded. */
async function resultPixels(base: string, id: string): Promise<Buffer> {
  const { views } = await readEvents(base, id)
  expect(views.at(-1)?.status).toBe('succeeded')
  const png = await (await fetch(`${base}/v1/jobs/${id}/images/0`)).arrayBuffer()
  return sharp(Buffer.from(png)).raw().toBuffer()
}

async function submitWithMask(base: string, params: object, image: Uint8Array, mask: Buffer) {
  const body = relightForm(params, image, { mask: new Blob([mask as Uint8Array<ArrayBuffer>]) })
  const response = await fetch(`${base}/v1/relight`, { method: 'POST', body })
  expect(response.status).toBe(202)
  return ((await response.json()) as { id: string }).id
}

describe('stored input', () => {
  it('a job queued before a restart runs from its stored upload and mask, as it would have', async () => {
    const dir = tempDataDir()
    const gated = new GatedProvider()
    const first = await start(dir, ONE_AT_A_TIME, { providers: { local: gated } })
    const mask = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#000' } })
      .composite([{ input: { create: { width: 300, height: 400, channels: 3, background: '#fff' } } }])
      .png()
      .toBuffer()
    const params = { ...STUDIO, maskMode: 'image' }
    await submitOk(first.url, STUDIO) // holds the only slot
    const queued = await submitWithMask(first.url, params, fixture('coffee.png'), mask)
    await waitForStatus(first.url, queued, 'queued')
    await first.close()

    const second = await start(dir, ONE_AT_A_TIME)
    const resumed = await resultPixels(second.url, queued)
    const fresh = await submitWithMask(second.url, params, fixture('coffee.png'), mask)
    expect(resumed.equals(await resultPixels(second.url, fresh))).toBe(true)
  }, 30_000)
})

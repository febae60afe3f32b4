/**
 * Encryption at rest (RELIGHT_DATA_KEY) through the real gateway on the SQLite store: what lands on disk is
 * not the image, what is served is; keys rotate (old files still open); without the key nothing opens and
 * the designer and admin are told why.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'

import { ConfigError, loadConfig } from '../../src/gateway/env.js'
import {
  type DataKey,
  DataKeyError,
  isSealed,
  parseDataKeys,
  seal,
  sealedKeyId,
  unseal
} from '../../src/gateway/store/at-rest.js'
import type { JobView } from '../../src/protocol/api.js'
import { tempDataDir } from './durable/temp-dir.js'
import { fixture, GatedProvider, waitFor } from './helpers.js'
import { filesOf, finalJob, type PrivateGateway, startPrivateGateway, submitAs } from './privacy-helpers.js'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const STUDIO = { model: 'local/studio', prompt: 'warm sunset', lightSource: 'left', outputFormat: 'png' }

const key = (id: string): DataKey => ({ id, key: new Uint8Array(randomBytes(32)) })
const envOf = (keys: readonly DataKey[]): string =>
  keys.map((k) => `${k.id}:${Buffer.from(k.key).toString('base64')}`).join(',')

let gw: PrivateGateway | undefined
afterEach(async () => {
  await gw?.close()
  gw = undefined
})

const onDisk = (dataDir: string, id: string, file: string): Buffer =>
  readFileSync(join(dataDir, 'images', id, file))

async function relit(dataDir: string, keys: readonly DataKey[]): Promise<{ id: string; job: JobView }> {
  gw = await startPrivateGateway({ dataKeys: keys }, {}, dataDir)
  const id = await submitAs(gw, STUDIO, fixture('bottle-alpha.png'))
  const job = await finalJob(gw, id)
  expect(job.status).toBe('succeeded')
  await gw.close()
  gw = undefined
  return { id, job }
}

describe('images encrypted at rest', () => {
  it('the stored upload and result are not the image; the served result is a whole PNG', async () => {
    const k1 = key('k1')
    const provider = new GatedProvider()
    gw = await startPrivateGateway({ dataKeys: [k1] }, { providers: { local: provider } })
    const upload = fixture('bottle-alpha.png')
    const id = await submitAs(gw, STUDIO, upload)
    await waitFor(async () => (provider.started.includes(id) ? true : undefined), 'the run')
    const storedUpload = onDisk(gw.dataDir, id, 'input')
    expect([...storedUpload.subarray(0, 8)]).not.toEqual(PNG_SIGNATURE)
    expect(storedUpload.includes(Buffer.from('IHDR'))).toBe(false)
    expect(isSealed(storedUpload)).toBe(true)
    expect(sealedKeyId(storedUpload)).toBe('k1')
    // It is still the upload, sealed: it opens to exactly the bytes sent.
    expect(Buffer.from(unseal(storedUpload, `${id}/input`, [k1])).equals(Buffer.from(upload))).toBe(true)

    provider.release(id)
    const job = await finalJob(gw, id)
    const storedResult = onDisk(gw.dataDir, id, 'result-0')
    expect([...storedResult.subarray(0, 8)]).not.toEqual(PNG_SIGNATURE)
    expect(storedResult.includes(Buffer.from('IDAT'))).toBe(false)
    const served = await gw.call(job.images[0]!.url)
    expect(served.status).toBe(200)
    const bytes = Buffer.from(await served.arrayBuffer())
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE)
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'png', width: job.images[0]!.width })
  })

  it('rotation: a new first key writes, the old key listed after it still reads old results', async () => {
    const dataDir = tempDataDir()
    const k1 = key('k1')
    const k2 = key('k2')
    const old = await relit(dataDir, [k1])
    const fresh = await relit(dataDir, [k2, k1])
    expect(sealedKeyId(onDisk(dataDir, old.id, 'result-0'))).toBe('k1')
    expect(sealedKeyId(onDisk(dataDir, fresh.id, 'result-0'))).toBe('k2')

    gw = await startPrivateGateway({ dataKeys: [k2, k1] }, {}, dataDir)
    for (const { job } of [old, fresh]) {
      const served = await gw.call(job.images[0]!.url)
      expect(served.status).toBe(200)
      expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).format).toBe('png')
    }
  })

  it('without the key a stored result cannot be read: a clear error for the designer and the admin', async () => {
    const dataDir = tempDataDir()
    const k1 = key('k1')
    const { job } = await relit(dataDir, [k1])
    for (const keys of [[], [key('k2')]]) {
      gw = await startPrivateGateway({ dataKeys: keys }, {}, dataDir)
      const refused = await gw.call(job.images[0]!.url)
      expect(refused.status).toBe(503)
      const { error } = (await refused.json()) as { error: { code: string; message: string } }
      expect(error.code).toBe('data_key_missing')
      expect(error.message).toMatch(/encrypted/)
      const reasons = gw.logLines.map((line) => (JSON.parse(line) as { reason?: string }).reason ?? '')
      expect(reasons.some((reason) => /data key "k1".*RELIGHT_DATA_KEY/.test(reason))).toBe(true)
      await gw.close()
      gw = undefined
    }
  })

  it('a sealed file opens only with its own key and only as the job and slot it was written for', () => {
    const k1 = key('k1')
    const sealed = seal(new Uint8Array([1, 2, 3]), 'job-a/result/0', [k1])
    expect([...unseal(sealed, 'job-a/result/0', [k1])]).toEqual([1, 2, 3])
    expect(() => unseal(sealed, 'job-b/result/0', [k1])).toThrow(DataKeyError)
    expect(() => unseal(sealed, 'job-a/result/0', [{ id: 'k1', key: key('x').key }])).toThrow(
      /did not decrypt/
    )
    expect(() => unseal(sealed, 'job-a/result/0', [])).toThrow(/RELIGHT_DATA_KEY is not set/)
    // Files written before a key was set stay readable.
    expect([...unseal(new Uint8Array(PNG_SIGNATURE), 'x/input', [k1])]).toEqual(PNG_SIGNATURE)
  })
})

describe('RELIGHT_DATA_KEY', () => {
  it('lists id:base64 keys, the first one writes', () => {
    const keys = [key('2026-11'), key('2026-05')]
    const config = loadConfig({ RELIGHT_DATA_KEY: envOf(keys) })
    expect(config.dataKeys.map((k) => k.id)).toEqual(['2026-11', '2026-05'])
    expect(Buffer.from(config.dataKeys[0]!.key).equals(Buffer.from(keys[0]!.key))).toBe(true)
    expect(loadConfig({}).dataKeys).toEqual([])
  })

  it.each([
    ['no id', Buffer.alloc(32, 7).toString('base64')],
    ['a short key', `k1:${Buffer.alloc(16, 7).toString('base64')}`],
    [
      'the same id twice',
      `k1:${Buffer.alloc(32, 7).toString('base64')},k1:${Buffer.alloc(32, 8).toString('base64')}`
    ]
  ])('refuses %s with one line that does not repeat the key', (_what, raw) => {
    expect(() => loadConfig({ RELIGHT_DATA_KEY: raw })).toThrow(ConfigError)
    try {
      loadConfig({ RELIGHT_DATA_KEY: raw })
    } catch (error) {
      expect((error as Error).message).toMatch(/RELIGHT_DATA_KEY/)
      expect((error as Error).message).not.toContain(Buffer.alloc(32, 7).toString('base64'))
    }
    expect(() => parseDataKeys(raw)).toThrow()
  })
})

describe('uploads without a key are plain files (nothing sealed by default)', () => {
  it('stores the upload as sent', async () => {
    const provider = new GatedProvider()
    gw = await startPrivateGateway({}, { providers: { local: provider } })
    const upload = fixture('coffee.png')
    const id = await submitAs(gw, STUDIO, upload)
    await waitFor(async () => (provider.started.includes(id) ? true : undefined), 'the run')
    expect(filesOf(gw.dataDir, id)).toEqual(['input'])
    expect(onDisk(gw.dataDir, id, 'input').equals(Buffer.from(upload))).toBe(true)
  })
})

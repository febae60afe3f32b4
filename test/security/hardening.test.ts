/** Hardening at the edge, with auth on: CORS, body size, decompression bombs, prompt length. */
import { deflateSync } from 'node:zlib'

import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { bombPng, STUDIO } from '../gateway/helpers.js'
import { pngFile } from '../helpers/png.js'
import { errorOf, form, removeTempDirs, type SecureGateway, startSecureGateway } from './helpers.js'

let gw: SecureGateway | undefined
afterEach(async () => {
  await gw?.dispose()
  gw = undefined
})
afterAll(removeTempDirs)

/** A well-formed PNG whose IHDR says 100000×100000 RGBA (40 GB decoded) with a tiny IDAT. */
function hugeClaimPng(): Uint8Array {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(100_000, 0)
  ihdr.writeUInt32BE(100_000, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, deflate, no filter method, no interlace
  const idat = deflateSync(Buffer.alloc(400_001 * 4), { level: 9 }) // the first rows of zeros, a few hundred bytes
  return pngFile(ihdr, idat)
}

describe('CORS', () => {
  it('a forged Origin gets no Access-Control-Allow-Origin, and its preflight fails', async () => {
    gw = await startSecureGateway({ config: { corsOrigins: ['https://playground.example'] } })
    const token = gw.tokens.alice!
    const forged = await gw.call('/v1/models', { token, headers: { Origin: 'https://evil.example' } })
    expect(forged.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = await gw.call('/v1/relight', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization'
      }
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    // A browser needs the echoed origin to proceed; without it the real request is never sent.
    for (const origin of ['null', 'https://playground.example']) {
      const admitted = await gw.call('/v1/relight', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization'
        }
      })
      expect(admitted.headers.get('access-control-allow-origin')).toBe(origin)
      expect(admitted.headers.get('access-control-allow-headers')).toMatch(/authorization/i)
    }
  })
})

describe('sizes', () => {
  it('an oversized body → 413 with a message, before the upload is read', async () => {
    gw = await startSecureGateway({ config: { maxBodyBytes: 64 * 1024 } })
    const response = await gw.call('/v1/relight', {
      method: 'POST',
      body: form(STUDIO, new Uint8Array(200 * 1024)),
      token: gw.tokens.alice!
    })
    expect(response.status).toBe(413)
    expect(await errorOf(response)).toMatchObject({
      code: 'body_too_large',
      message: expect.stringMatching(/larger than/)
    })
    expect((await gw.call('/healthz')).status).toBe(200)
  })

  it('a decompression bomb (IHDR says 100000×100000) → 413 from its header, without decoding', async () => {
    gw = await startSecureGateway()
    const bomb = hugeClaimPng()
    expect(bomb.length).toBeLessThan(4096)
    const before = process.memoryUsage()
    const started = performance.now()
    const response = await gw.call('/v1/relight', {
      method: 'POST',
      body: form(STUDIO, bomb),
      token: gw.tokens.alice!
    })
    const ms = performance.now() - started
    const grew = process.memoryUsage().rss - before.rss
    expect(response.status).toBe(413)
    expect(await errorOf(response)).toMatchObject({
      code: 'image_too_large',
      message: expect.stringMatching(/100000×100000/)
    })
    // Decoding 10 G pixels would take gigabytes and seconds; refusing from the header takes neither.
    expect(ms).toBeLessThan(1000)
    expect(grew).toBeLessThan(64 * 1024 ** 2)
    expect((await gw.call('/v1/usage', { token: gw.tokens.alice! })).status).toBe(200)
  })

  it('a 1 MB prompt → 413 on params before it is parsed; a 60 kB one → 400 naming the prompt limit', async () => {
    gw = await startSecureGateway()
    const token = gw.tokens.alice!
    const huge = await gw.call('/v1/relight', {
      method: 'POST',
      body: form({ ...STUDIO, prompt: 'warm '.repeat(210_000) }, bombPng(8, 8)),
      token
    })
    expect(huge.status).toBe(413)
    expect(await errorOf(huge)).toMatchObject({ code: 'params_too_large' })
    const long = await gw.call('/v1/relight', {
      method: 'POST',
      body: form({ ...STUDIO, prompt: 'warm '.repeat(12_000) }, bombPng(8, 8)),
      token
    })
    expect(long.status).toBe(400)
    expect(await errorOf(long)).toMatchObject({
      message: expect.stringMatching(/prompt is too long.*2000/)
    })
    const usage = (await (await gw.call('/v1/usage', { token })).json()) as { used: number }
    expect(usage.used).toBe(0)
    expect((await gw.call('/healthz')).status).toBe(200)
  })
})

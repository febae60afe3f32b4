import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { downloadImage } from '../../src/gateway/upstream/download.js'
import { MAX_ATTEMPTS } from '../../src/gateway/upstream/retry.js'
import { makeImage } from '../../testkit/fakes/images.js'
import { type FakeServer, sendJson, startFakeServer } from '../../testkit/fakes/server.js'
import { catchError, expectNoSecret, FAL_KEY, testUpstream } from './helpers.js'

let server: FakeServer
let png: Buffer

beforeEach(async () => {
  png = await makeImage(8, 8, 'png')
  server = await startFakeServer((req, res) => {
    if (req.path.startsWith('/img')) {
      res.writeHead(200, { 'content-type': 'text/plain' })
      return void res.end(png)
    }
    if (req.path === '/big') {
      res.writeHead(200, { 'content-type': 'image/png' })
      res.write(png)
      return void res.end(Buffer.alloc(64 * 1024))
    }
    if (req.path === '/echo-key') return sendJson(res, 401, { detail: `bad key ${FAL_KEY}` })
    sendJson(res, 200, { ok: true, path: req.path })
  })
})
afterEach(() => server.close())

const auth = { authorization: `Key ${FAL_KEY}` }

describe('requestJson', () => {
  it('sends the headers it is given with redirect manual, and parses JSON', async () => {
    const { upstream } = testUpstream('fal', server.url, FAL_KEY)
    const res = await upstream.requestJson(`${server.url}/a`, { kind: 'read', headers: auth })
    expect(res.data).toEqual({ ok: true, path: '/a' })
    expect(server.requests[0]!.headers.authorization).toBe(`Key ${FAL_KEY}`)
  })

  it('honors Retry-After on 429 and then succeeds', async () => {
    server.fault({ path: /^\/a$/ }, { kind: 'status', status: 429, headers: { 'retry-after': '2' } })
    const { upstream, sleeps, logs } = testUpstream('fal', server.url, FAL_KEY)
    await upstream.requestJson(`${server.url}/a`, { kind: 'read', headers: auth })
    expect(sleeps).toEqual([2000])
    expect(logs).toEqual([
      { provider: 'fal', event: 'retry', attempt: 1, delayMs: 2000, code: 'rate_limited', status: 429 }
    ])
    expect(server.requests).toHaveLength(2)
  })

  it('rides out a burst of 500s on a status poll, but not on a result read', async () => {
    server.fault({ path: /^\/poll$/ }, { kind: 'status', status: 500 }, 2)
    const { upstream, sleeps } = testUpstream('fal', server.url, FAL_KEY)
    await upstream.requestJson(`${server.url}/poll`, { kind: 'poll', headers: auth })
    expect(sleeps).toHaveLength(2)
    server.fault({ path: /^\/read$/ }, { kind: 'status', status: 500 }, 1)
    const error = await catchError(
      upstream.requestJson(`${server.url}/read`, { kind: 'read', headers: auth })
    )
    expect(error).toMatchObject({ code: 'unavailable', status: 500 })
  })

  it('gives up after MAX_ATTEMPTS with the last error', async () => {
    server.fault({ path: /^\/down$/ }, { kind: 'status', status: 503 }, 10)
    const { upstream } = testUpstream('fal', server.url, FAL_KEY)
    const error = await catchError(
      upstream.requestJson(`${server.url}/down`, { kind: 'poll', headers: auth })
    )
    expect(error).toMatchObject({ code: 'unavailable', status: 503 })
    expect(error.message).toMatch(/fal\.ai is unavailable right now \(HTTP 503\)/)
    expect(server.requests).toHaveLength(MAX_ATTEMPTS)
  })

  it('never repeats a submit that reached the provider (503, timeout)', async () => {
    server.fault({ path: /^\/submit$/ }, { kind: 'status', status: 503 }, 1)
    const { upstream } = testUpstream('fal', server.url, FAL_KEY, { timeoutMs: 150 })
    const error = await catchError(
      upstream.requestJson(`${server.url}/submit`, { kind: 'submit', method: 'POST', json: {} })
    )
    expect(error).toMatchObject({ code: 'unavailable', status: 503 })
    server.fault({ path: /^\/submit$/ }, { kind: 'hang' }, 1)
    const timeout = await catchError(
      upstream.requestJson(`${server.url}/submit`, { kind: 'submit', method: 'POST', json: {} })
    )
    expect(timeout).toMatchObject({ code: 'timeout' })
    expect(server.requests.filter((r) => r.path === '/submit')).toHaveLength(2)
  })

  it('repeats a submit whose connection was refused before any byte was sent', async () => {
    let calls = 0
    const flaky: typeof fetch = async (input, init) => {
      calls++
      if (calls === 1)
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })
        })
      return fetch(input, init)
    }
    const { upstream, sleeps } = testUpstream('fal', server.url, FAL_KEY, { fetch: flaky })
    const res = await upstream.requestJson(`${server.url}/submit`, {
      kind: 'submit',
      method: 'POST',
      json: { a: 1 }
    })
    expect(res.data).toMatchObject({ ok: true })
    expect(sleeps).toHaveLength(1)
    expect(server.requests).toHaveLength(1)
  })

  it('times out a hung connection on a poll, retrying, then fails with a timeout error', async () => {
    server.fault({ path: /^\/hang$/ }, { kind: 'hang' }, 10)
    const { upstream } = testUpstream('fal', server.url, FAL_KEY, { timeoutMs: 100 })
    const error = await catchError(
      upstream.requestJson(`${server.url}/hang`, { kind: 'poll', headers: auth, requestId: 'r1' })
    )
    expect(error).toMatchObject({ code: 'timeout', requestId: 'r1' })
    expect(error.message).toMatch(/did not answer in time/)
  })

  it('turns malformed JSON into bad_response after retrying reads', async () => {
    server.fault({ path: /^\/bad$/ }, { kind: 'malformed' }, 10)
    const { upstream } = testUpstream('fal', server.url, FAL_KEY)
    const error = await catchError(upstream.requestJson(`${server.url}/bad`, { kind: 'poll', headers: auth }))
    expect(error).toMatchObject({ code: 'bad_response' })
    expect(error.message).toMatch(/malformed JSON/)
  })

  it('does not retry an abort by the caller', async () => {
    server.fault({ path: /^\/hang$/ }, { kind: 'hang' }, 10)
    const { upstream, sleeps } = testUpstream('fal', server.url, FAL_KEY)
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('job canceled')), 50)
    const error = await catchError(
      upstream.requestJson(`${server.url}/hang`, { kind: 'poll', signal: controller.signal })
    )
    expect(error.message).toBe('job canceled')
    expect(sleeps).toHaveLength(0)
  })

  it('refuses a redirect to another host and never follows it', async () => {
    server.fault({ path: /^\/r$/ }, { kind: 'redirect', location: 'https://evil.example.com/steal' })
    const { upstream } = testUpstream('fal', server.url, FAL_KEY)
    const error = await catchError(upstream.requestJson(`${server.url}/r`, { kind: 'read', headers: auth }))
    expect(error).toMatchObject({ code: 'refused' })
    expect(error.message).toMatch(/redirect to evil\.example\.com/)
  })

  it('follows a same-host redirect for a GET, but not for a POST', async () => {
    server.fault({ path: /^\/r$/ }, { kind: 'redirect', location: '/b' }, 2)
    const { upstream } = testUpstream('fal', server.url, FAL_KEY)
    const res = await upstream.requestJson(`${server.url}/r`, { kind: 'read', headers: auth })
    expect(res.data).toMatchObject({ path: '/b' })
    expect(server.requests[1]!.headers.authorization).toBe(`Key ${FAL_KEY}`)
    const error = await catchError(
      upstream.requestJson(`${server.url}/r`, { kind: 'submit', method: 'POST', json: {} })
    )
    expect(error).toMatchObject({ code: 'refused' })
  })

  it('keeps the key out of error messages even when the provider echoes it', async () => {
    const { upstream, logs } = testUpstream('fal', server.url, FAL_KEY)
    const error = await catchError(
      upstream.requestJson(`${server.url}/echo-key`, { kind: 'read', headers: auth })
    )
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 })
    expect(error.message).toMatch(/Ask the gateway admin to check FAL_KEY/)
    expect(String(error.body)).toContain('[redacted]')
    expectNoSecret(FAL_KEY, error, logs)
  })
})

describe('downloadImage', () => {
  it('downloads from the base origin without the key and types it by its bytes', async () => {
    const { upstream } = testUpstream('fal', server.url, FAL_KEY)
    const image = await downloadImage(upstream, `${server.url}/img/a.png`)
    expect(image.contentType).toBe('image/png')
    expect(Buffer.from(image.bytes).equals(png)).toBe(true)
    expect(server.requests[0]!.headers.authorization).toBeUndefined()
  })

  it('refuses a result on a foreign host without fetching it', async () => {
    const { upstream } = testUpstream('fal', server.url, FAL_KEY)
    const error = await catchError(
      downloadImage(upstream, 'https://evil.example.com/a.png', { requestId: 'r9' })
    )
    expect(error).toMatchObject({ code: 'refused', requestId: 'r9' })
    expect(error.message).toMatch(/evil\.example\.com/)
    expect(server.requests).toHaveLength(0)
  })

  it('refuses a redirect from an allowed host to a foreign one', async () => {
    server.fault({ path: /^\/img/ }, { kind: 'redirect', location: 'https://evil.example.com/a.png' })
    const { upstream } = testUpstream('fal', server.url, FAL_KEY)
    const error = await catchError(downloadImage(upstream, `${server.url}/img/a.png`))
    expect(error).toMatchObject({ code: 'refused' })
  })

  it('aborts a download that grows past the size cap', async () => {
    const { upstream } = testUpstream('fal', server.url, FAL_KEY)
    const error = await catchError(downloadImage(upstream, `${server.url}/big`, { maxBytes: 16 * 1024 }))
    expect(error).toMatchObject({ code: 'too_large' })
  })

  it('decodes an inline data URI and refuses one that is not an image', async () => {
    const { upstream } = testUpstream('fal', server.url, FAL_KEY)
    const inline = await downloadImage(upstream, `data:image/png;base64,${png.toString('base64')}`)
    expect(inline.contentType).toBe('image/png')
    const error = await catchError(
      downloadImage(upstream, `data:text/plain;base64,${Buffer.from('hi').toString('base64')}`)
    )
    expect(error).toMatchObject({ code: 'bad_response' })
  })
})

/**
 * Attacks on the HTTP edge and auth, each against the real server on loopback: huge text parts, option
 * names borrowed from Object.prototype, idempotent retries at the quota, revoked tokens holding event
 * streams, a 60 MB upload that must still read its 413, and unbounded input echoed in errors.
 * (Slow connections: connections.test.ts; auth-off Origin and Host: local-mode.test.ts.)
 */
import { setTimeout as delay } from 'node:timers/promises'

import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { tokensCommand } from '../../src/gateway/admin/tokens-command.js'
import { MODELS } from '../../src/protocol/catalog.js'
import { parseRelightParams } from '../../src/protocol/request.js'
import { fixture, GatedProvider, STUDIO, waitFor } from '../gateway/helpers.js'
import { errorOf, form, removeTempDirs, type SecureGateway, startSecureGateway } from './helpers.js'
import { pacedUpload, uploadThenRead } from './raw-http.js'

let gw: SecureGateway | undefined
let gated: GatedProvider | undefined
afterEach(async () => {
  for (const id of gated?.started ?? []) gated?.release(id)
  await gw?.dispose()
  gw = gated = undefined
})
afterAll(removeTempDirs)

const MB = 1024 * 1024

function relight(
  token: string,
  params: unknown = STUDIO,
  headers: Record<string, string> = {}
): Promise<Response> {
  return gw!.call('/v1/relight', {
    method: 'POST',
    body: form(params, fixture('coffee.png')),
    token,
    headers
  })
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now()
  const value = await run()
  return { value, ms: performance.now() - started }
}

describe('huge text parts', () => {
  it('a 28 MB nested-array params is refused with 413 while it is still arriving; /healthz answers meanwhile', async () => {
    gw = await startSecureGateway()
    const boundary = 'relight-attack-boundary'
    const upload = pacedUpload(`${gw.url}/v1/relight`, {
      headers: {
        authorization: `Bearer ${gw.tokens.alice!}`,
        'content-type': `multipart/form-data; boundary=${boundary}`
      },
      head: `--${boundary}\r\nContent-Disposition: form-data; name="params"\r\n\r\n`,
      chunk: (i) => Buffer.alloc(MB, i < 14 ? '[' : ']'),
      chunks: 28,
      chunkBytes: MB,
      tail: `\r\n--${boundary}--\r\n`,
      pauseMs: 60
    })
    let uploadComplete = false
    void upload.finished.then((result) => (uploadComplete = result.complete))
    const answer = await upload.response
    const sentWhenAnswered = upload.sent()
    // The gateway answered from the first part's first 64 kB, not after reading (and parsing) 28 MB.
    expect(answer.status).toBe(413)
    expect(sentWhenAnswered).toBeLessThan(28 * MB)
    const error = (JSON.parse(answer.body) as { error: { code: string; message: string; field: string } })
      .error
    expect(error).toMatchObject({ code: 'params_too_large', field: 'params' })
    expect(error.message).toMatch(/64 kB/)
    // While the rest of the refused upload is still on its way, the gateway serves others.
    const health = await gw.call('/healthz')
    expect(health.status).toBe(200)
    expect(uploadComplete).toBe(false)
    upload.stop()
    await upload.finished
    const after = await timed(() => gw!.call('/healthz'))
    expect(after.value.status).toBe(200)
    expect(after.ms).toBeLessThan(2000)
  })

  it('a params text field just over 64 kB is a 413 that says to send less; just under is read', async () => {
    gw = await startSecureGateway()
    const alice = gw.tokens.alice!
    const padded = (bytes: number): string => {
      const base = JSON.stringify({ ...STUDIO, negativePrompt: '' })
      return base.replace('"negativePrompt":""', `"negativePrompt":"${' '.repeat(bytes - base.length)}"`)
    }
    const over = await relight(alice, padded(64 * 1024 + 1))
    expect(over.status).toBe(413)
    expect(await errorOf(over)).toMatchObject({
      code: 'params_too_large',
      message: expect.stringMatching(/64 kB/)
    })
    // At the limit the part is read and validated as usual (the prompt's own limit answers).
    const under = await relight(alice, padded(64 * 1024))
    expect(under.status).toBe(400)
    expect((await errorOf(under)).code).toBe('invalid_params')
  })
})

describe('options named after built-ins', () => {
  const BUILT_INS = ['toString', 'hasOwnProperty', 'valueOf', 'constructor', 'isPrototypeOf', '__proto__']

  it.each(BUILT_INS)('options.%s is refused as an unknown option, on every model', (name) => {
    for (const model of MODELS.map((entry) => entry.id)) {
      const raw = JSON.parse(`{"model":"${model}","prompt":"warm","options":{"${name}":1}}`) as unknown
      const parsed = parseRelightParams(raw)
      expect(parsed.ok, `${model} ${name}`).toBe(false)
      if (!parsed.ok) expect(parsed.error.field).toBe(`options.${name}`)
    }
  })

  it('the gateway answers 400 naming the option and stores nothing', async () => {
    gw = await startSecureGateway()
    const alice = gw.tokens.alice!
    for (const name of BUILT_INS) {
      const response = await relight(
        alice,
        `{"model":"local/studio","prompt":"warm","options":{"${name}":"x"}}`
      )
      expect(response.status, name).toBe(400)
      expect(await errorOf(response)).toMatchObject({
        message: expect.stringContaining(`no option "${name}"`)
      })
    }
    const list = (await (await gw.call('/v1/jobs', { token: alice })).json()) as { jobs: unknown[] }
    expect(list.jobs).toHaveLength(0)
  })
})

describe('idempotent retries at the limits', () => {
  it('a retry with the same key at the quota returns the original job, not 429', async () => {
    gw = await startSecureGateway({ tokens: { alice: 1 } })
    const alice = gw.tokens.alice!
    const key = { 'Idempotency-Key': 'retry-at-quota' }
    const first = await relight(alice, STUDIO, key)
    expect(first.status).toBe(202)
    const { id } = (await first.json()) as { id: string }
    const retry = await relight(alice, STUDIO, key)
    expect(retry.status, await retry.clone().text()).toBe(202)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(((await retry.json()) as { id: string }).id).toBe(id)
    // A new relight is still refused: the quota itself holds.
    expect((await relight(alice, STUDIO)).status).toBe(429)
  })

  it('a retry with the same key at the rate limit returns the original job, and costs no request', async () => {
    gw = await startSecureGateway({ config: { rateLimit: { points: 2, windowSeconds: 60 } } })
    const alice = gw.tokens.alice!
    const key = { 'Idempotency-Key': 'retry-at-rate' }
    expect((await relight(alice, STUDIO, key)).status).toBe(202)
    for (let i = 0; i < 3; i++) {
      const retry = await relight(alice, STUDIO, key)
      expect(retry.status, `retry ${i}: ${await retry.clone().text()}`).toBe(202)
      expect(retry.headers.get('idempotent-replayed')).toBe('true')
    }
    expect((await gw.call('/v1/jobs', { token: alice })).status).toBe(200)
    const limited = await gw.call('/v1/jobs', { token: alice })
    expect(limited.status).toBe(429)
    expect((await errorOf(limited)).code).toBe('rate_limited')
  })

  it('the same key with a different request is still a 409, quota or not', async () => {
    gw = await startSecureGateway({ tokens: { alice: 1 } })
    const alice = gw.tokens.alice!
    const key = { 'Idempotency-Key': 'reused-key' }
    expect((await relight(alice, STUDIO, key)).status).toBe(202)
    const other = await relight(alice, { ...STUDIO, prompt: 'cold neon' }, key)
    expect(other.status).toBe(409)
    expect((await errorOf(other)).code).toBe('idempotency_key_reused')
  })
})

describe('revoked tokens', () => {
  it("revoking a token ends its open event streams within seconds; another token's stream stays", async () => {
    gated = new GatedProvider()
    gw = await startSecureGateway({ overrides: { providers: { local: gated } } })
    const { alice, bob } = gw.tokens as { alice: string; bob: string }
    const idOf = async (token: string): Promise<string> => {
      const response = await relight(token)
      expect(response.status).toBe(202)
      return ((await response.json()) as { id: string }).id
    }
    const bobJob = await idOf(bob)
    const aliceJob = await idOf(alice)
    await waitFor(async () => (gated!.started.length === 2 ? true : undefined), 'both jobs to start')
    const watch = async (token: string, id: string, openMs: number): Promise<{ ended: boolean }> => {
      // Plain fetch: the suite's `call` reads every body to its end, and this one must stay open.
      const response = await fetch(`${gw!.url}/v1/jobs/${id}/events`, {
        headers: { Authorization: `Bearer ${token}` }
      })
      expect(response.status).toBe(200)
      const reader = response.body!.getReader()
      const deadline = delay(openMs).then(() => 'open' as const)
      for (;;) {
        const next = await Promise.race([reader.read(), deadline])
        if (next === 'open') {
          await reader.cancel()
          return { ended: false }
        }
        if (next.done) return { ended: true }
      }
    }
    const bobStream = watch(bob, bobJob, 8000)
    const aliceStream = watch(alice, aliceJob, 5000)
    await delay(200)
    const io = { env: { RELIGHT_DATA_DIR: gw.dataDir }, out: () => undefined, err: () => undefined }
    const revokedAt = performance.now()
    expect(await tokensCommand(['revoke', 'bob'], io)).toBe(0)
    expect(await bobStream).toEqual({ ended: true })
    expect(performance.now() - revokedAt).toBeLessThan(7000)
    expect(await aliceStream).toEqual({ ended: false })
    // Reconnecting with the revoked token is refused with the reason.
    const again = await gw.call(`/v1/jobs/${bobJob}/events`, { token: bob })
    expect(again.status).toBe(401)
    expect((await errorOf(again)).code).toBe('token_revoked')
  })
})

describe('a 60 MB upload', () => {
  async function expectReadable413(response: Response): Promise<void> {
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({
      error: { code: 'body_too_large', message: expect.stringMatching(/larger than this gateway accepts/) }
    })
  }

  it('a client that reads only after sending all 60 MB (as a browser does) still reads the 413', async () => {
    gw = await startSecureGateway()
    const head =
      'POST /v1/relight HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      `Authorization: Bearer ${gw.tokens.alice!}\r\n` +
      `Content-Type: multipart/form-data; boundary=x\r\nContent-Length: ${60 * MB}\r\n\r\n`
    // About 1.5 s on loopback: slower than the gateway reads, as over a real network.
    const result = await uploadThenRead(Number(new URL(gw.url).port), head, {
      chunks: 60,
      chunkBytes: MB,
      pauseMs: 25
    })
    expect(result.error).toBeUndefined()
    expect(result.sent).toBe(60 * MB)
    expect(result.answer).toMatch(/^HTTP\/1\.1 413 /)
    expect(result.answer).toContain('"code":"body_too_large"')
    expect(result.answer).toMatch(/larger than this gateway accepts/)
  })

  it('with a Content-Length: a fetch client reads the 413 and its message, not a network error', async () => {
    gw = await startSecureGateway()
    const body = form(STUDIO, new Uint8Array(60 * MB))
    await expectReadable413(await gw.call('/v1/relight', { method: 'POST', body, token: gw.tokens.alice! }))
    expect((await gw.call('/healthz')).status).toBe(200)
  })

  it('streamed without a Content-Length: the 413 is readable too', async () => {
    gw = await startSecureGateway()
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 60 * MB) return controller.close()
        sent += MB
        controller.enqueue(new Uint8Array(MB))
      }
    })
    const response = await fetch(`${gw.url}/v1/relight`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: {
        authorization: `Bearer ${gw.tokens.alice!}`,
        'content-type': 'multipart/form-data; boundary=x'
      }
    } as RequestInit)
    await expectReadable413(response)
  })
})

describe('errors echo bounded input', () => {
  const HUGE = 'j'.repeat(15 * 1024)

  it('a 15 KB job id, path, model or field name is cut short in the error', async () => {
    gw = await startSecureGateway()
    const alice = gw.tokens.alice!
    const answers = [
      await gw.call(`/v1/jobs/${HUGE}`, { token: alice }),
      await gw.call(`/v1/jobs/${HUGE}/events`, { token: alice }),
      await gw.call(`/v1/jobs/${HUGE}/cancel`, { method: 'POST', token: alice }),
      await gw.call(`/v1/${HUGE}`, { token: alice }),
      await gw.call(`/v1/jobs/${HUGE}/images/0`, { method: 'DELETE', token: alice }),
      await relight(alice, { ...STUDIO, model: HUGE }),
      await relight(alice, { ...STUDIO, [HUGE]: 1 }),
      await relight(alice, { ...STUDIO, options: { [HUGE]: 1 } })
    ]
    for (const answer of answers) {
      const text = await answer.text()
      expect(answer.status, text.slice(0, 80)).toBeGreaterThanOrEqual(400)
      expect(text.length, text.slice(0, 120)).toBeLessThan(1024)
      expect(text).not.toContain(HUGE.slice(0, 200))
    }
    const log = gw.logLines.join('')
    expect(log).not.toContain(HUGE.slice(0, 200))
  })
})

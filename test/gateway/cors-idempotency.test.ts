/** CORS admits the Figma plugin iframe (Origin null) and configured origins only; Idempotency-Key. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import type { ErrorBody, SubmitView } from '../../src/protocol/api.js'
import { fixture, startTestGateway, STUDIO, submit } from './helpers.js'

let gw: RunningGateway
beforeAll(async () => {
  gw = await startTestGateway({ corsOrigins: ['http://localhost:8787'] })
})
afterAll(() => gw.close())

function preflight(origin: string): Promise<Response> {
  return fetch(`${gw.url}/v1/relight`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization,idempotency-key'
    }
  })
}

describe('CORS', () => {
  it('admits Origin null (the Figma plugin iframe) on preflight and on the request', async () => {
    const options = await preflight('null')
    expect(options.status).toBe(204)
    expect(options.headers.get('access-control-allow-origin')).toBe('null')
    const allowed = options.headers.get('access-control-allow-headers')?.toLowerCase() ?? ''
    expect(allowed).toContain('authorization')
    expect(allowed).toContain('idempotency-key')
    expect(allowed).toContain('content-type')

    const models = await fetch(`${gw.url}/v1/models`, { headers: { Origin: 'null' } })
    expect(models.headers.get('access-control-allow-origin')).toBe('null')
    expect(models.headers.get('access-control-expose-headers')).toContain('X-Request-Id')
  })

  it('admits a configured origin', async () => {
    const response = await fetch(`${gw.url}/healthz`, { headers: { Origin: 'http://localhost:8787' } })
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:8787')
  })

  it('does not admit a foreign origin', async () => {
    const options = await preflight('https://evil.example')
    expect(options.headers.get('access-control-allow-origin')).toBeNull()
    const response = await fetch(`${gw.url}/v1/models`, { headers: { Origin: 'https://evil.example' } })
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('Idempotency-Key', () => {
  it('the same key and body return the same job', async () => {
    const headers = { 'Idempotency-Key': 'same-key-1' }
    const first = await submit(gw.url, STUDIO, fixture('coffee.png'), headers)
    const second = await submit(gw.url, STUDIO, fixture('coffee.png'), headers)
    expect(first.status).toBe(202)
    expect(second.status).toBe(202)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    const [a, b] = [(await first.json()) as SubmitView, (await second.json()) as SubmitView]
    expect(b.id).toBe(a.id)
  })

  it('the same key with a different body is a 409', async () => {
    const headers = { 'Idempotency-Key': 'same-key-2' }
    const first = await submit(gw.url, STUDIO, fixture('coffee.png'), headers)
    expect(first.status).toBe(202)
    const other = await submit(
      gw.url,
      { ...STUDIO, prompt: 'cold moonlight' },
      fixture('coffee.png'),
      headers
    )
    expect(other.status).toBe(409)
    const body = (await other.json()) as ErrorBody
    expect(body.error.code).toBe('idempotency_key_reused')
    expect(body.error.message).toMatch(/new key/)
    const otherImage = await submit(gw.url, STUDIO, fixture('bottle-alpha.png'), headers)
    expect(otherImage.status).toBe(409)
  })

  it('concurrent retries with one key make one job', async () => {
    const headers = { 'Idempotency-Key': 'same-key-3' }
    const responses = await Promise.all(
      [1, 2, 3].map(() => submit(gw.url, STUDIO, fixture('coffee.png'), headers))
    )
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as SubmitView).id))
    expect(new Set(ids).size).toBe(1)
  })

  it('different keys make different jobs', async () => {
    const a = await submit(gw.url, STUDIO, fixture('coffee.png'), { 'Idempotency-Key': 'key-a' })
    const b = await submit(gw.url, STUDIO, fixture('coffee.png'), { 'Idempotency-Key': 'key-b' })
    expect(((await a.json()) as SubmitView).id).not.toBe(((await b.json()) as SubmitView).id)
  })
})

/**
 * Auth off (loopback, no tokens): a web page the designer happens to open must not be able to spend the
 * team's provider keys or read jobs. Browsers send Origin on cross-site requests, and a DNS-rebound name
 * reaches 127.0.0.1 with the attacker's Host; both are refused before any work.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import type { GatewayConfig } from '../../src/gateway/env.js'
import type { RunningGateway } from '../../src/gateway/server.js'
import { fixture, relightForm, startTestGateway, STUDIO } from '../gateway/helpers.js'
import { captureLogger, removeTempDirs, SENTINEL_KEYS, tempDataDir } from './helpers.js'
import { rawRequest } from './raw-http.js'

let gw: RunningGateway | undefined
afterEach(async () => {
  await gw?.close()
  gw = undefined
})
afterAll(removeTempDirs)

function start(config: Partial<GatewayConfig> = {}, lines: string[] = []): Promise<RunningGateway> {
  return startTestGateway({ dataDir: tempDataDir(), ...config }, { logger: captureLogger(lines) })
}

function relightFrom(origin: string | undefined): Promise<Response> {
  return fetch(`${gw!.url}/v1/relight`, {
    method: 'POST',
    body: relightForm(STUDIO, fixture('coffee.png')),
    headers: origin === undefined ? {} : { Origin: origin }
  })
}

async function jobCount(): Promise<number> {
  const list = (await (await fetch(`${gw!.url}/v1/jobs`)).json()) as { jobs: unknown[] }
  return list.jobs.length
}

const port = (): string => new URL(gw!.url).port

describe('Origin, with auth off', () => {
  it('a page on another site cannot submit or read: 403 naming the fix, and no job is made', async () => {
    gw = await start()
    const submitted = await relightFrom('https://evil.example')
    expect(submitted.status).toBe(403)
    const body = (await submitted.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('origin_refused')
    expect(body.error.message).toMatch(/RELIGHT_CORS_ORIGINS/)
    expect(submitted.headers.get('access-control-allow-origin')).toBeNull()
    const read = await fetch(`${gw.url}/v1/jobs`, { headers: { Origin: 'http://localhost:3000' } })
    expect(read.status).toBe(403)
    expect(await jobCount()).toBe(0)
  })

  it('admits the Figma plugin iframe (null), a configured origin, the gateway itself, and non-browser clients', async () => {
    gw = await start({ corsOrigins: ['https://studio.example'] })
    const own = `http://127.0.0.1:${port()}`
    for (const origin of ['null', 'https://studio.example', own, `http://localhost:${port()}`, undefined]) {
      const response = await relightFrom(origin)
      expect(response.status, `${origin}: ${await response.clone().text()}`).toBe(202)
    }
    expect(await jobCount()).toBe(5)
  })
})

describe('Host, with auth off', () => {
  it('a DNS-rebound name is refused; loopback names and the configured public host are served', async () => {
    gw = await start({ publicHosts: ['relight.studio.lan'] })
    const refused = await rawRequest(`${gw.url}/v1/models`, { headers: { Host: `evil.example:${port()}` } })
    expect(refused.status).toBe(403)
    expect(JSON.parse(refused.body)).toMatchObject({
      error: { code: 'host_refused', message: expect.stringMatching(/RELIGHT_PUBLIC_HOST/) }
    })
    for (const host of [
      `localhost:${port()}`,
      `127.0.0.1:${port()}`,
      `[::1]:${port()}`,
      'relight.studio.lan'
    ]) {
      const served = await rawRequest(`${gw.url}/v1/models`, { headers: { Host: host } })
      expect(served.status, host).toBe(200)
    }
  })

  it('a rebound name cannot submit either, whatever Origin it claims', async () => {
    gw = await start()
    const form = new Response(relightForm(STUDIO, fixture('coffee.png')))
    const response = await rawRequest(`${gw.url}/v1/relight`, {
      method: 'POST',
      headers: {
        Host: `attacker.example:${port()}`,
        Origin: `http://attacker.example:${port()}`,
        'Content-Type': form.headers.get('content-type')!
      },
      body: new Uint8Array(await form.arrayBuffer())
    })
    expect(response.status).toBe(403)
    expect(await jobCount()).toBe(0)
  })
})

describe('provider keys without tokens', () => {
  it('says at start that any local page could spend them, and how to require tokens', async () => {
    const lines: string[] = []
    gw = await start({ keys: SENTINEL_KEYS }, lines)
    const warning = lines.find((line) => /any web page/i.test(line))
    expect(warning).toBeDefined()
    expect(warning).toMatch(/tokens create/)
    for (const key of Object.values(SENTINEL_KEYS)) expect(lines.join('')).not.toContain(key)
  })

  it('says nothing of the kind without keys', async () => {
    const lines: string[] = []
    gw = await start({}, lines)
    expect(lines.some((line) => /any web page/i.test(line))).toBe(false)
  })
})

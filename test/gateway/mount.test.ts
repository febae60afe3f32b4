/** Another module (the playground) mounts the gateway under its own Hono app and adds routes. */
import type { AddressInfo } from 'node:net'

import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createGateway, type Gateway } from '../../src/gateway/gateway.js'
import { readEvents, STUDIO, submitOk, testConfig } from './helpers.js'

let gateway: Gateway
let server: ReturnType<typeof serve>
let base: string

beforeAll(async () => {
  gateway = await createGateway(testConfig())
  const parent = new Hono()
  parent.get('/playground', (c) => c.html('<h1>Playground</h1>'))
  parent.route('/', gateway.app)
  await new Promise<void>((resolve) => {
    server = serve({ fetch: parent.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`
      resolve()
    })
  })
})
afterAll(async () => {
  await gateway.close()
  await new Promise((resolve) => server.close(resolve))
})

describe('mounted under a parent app', () => {
  it('serves the parent’s own route and the whole gateway API beside it', async () => {
    expect(await (await fetch(`${base}/playground`)).text()).toContain('Playground')
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    const id = await submitOk(base, STUDIO)
    expect((await readEvents(base, id)).views.at(-1)?.status).toBe('succeeded')
  })

  it('still answers unknown /v1 paths and gateway errors as JSON', async () => {
    const missing = await fetch(`${base}/v1/nope`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found')
    const job = await fetch(`${base}/v1/jobs/unknown`)
    expect(job.status).toBe(404)
    expect(((await job.json()) as { error: { code: string } }).error.code).toBe('job_not_found')
  })
})

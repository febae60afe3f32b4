/** SSE heartbeats while a job waits, and request logs: one structured line each, never a credential. */
import { Writable } from 'node:stream'

import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import { GatedProvider, readEvents, startTestGateway, STUDIO, submitOk, waitFor } from './helpers.js'

let gw: RunningGateway | undefined
afterEach(() => gw?.close())

describe('events and logs', () => {
  it('sends heartbeat comments while the job is running, then the final event, then ends', async () => {
    const provider = new GatedProvider()
    gw = await startTestGateway({ heartbeatMs: 100 }, { providers: { local: provider } })
    const id = await submitOk(gw.url, STUDIO)
    await waitFor(async () => (provider.started.includes(id) ? true : undefined), 'started')
    const events = readEvents(gw.url, id)
    await new Promise((resolve) => setTimeout(resolve, 350))
    provider.release(id)
    const { raw, views } = await events
    expect(raw.match(/^: heartbeat$/gm)?.length ?? 0).toBeGreaterThanOrEqual(2)
    expect(views.at(-1)?.status).toBe('succeeded')
  })

  it('logs request id, method, path, status and ms, and never the Authorization value', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString())
        done()
      }
    })
    gw = await startTestGateway({}, { logger: pino({ level: 'info' }, sink) })
    const secret = 'Bearer rlt_very-secret-token-value'
    const response = await fetch(`${gw.url}/v1/models`, { headers: { Authorization: secret } })
    const requestId = response.headers.get('x-request-id')
    await fetch(`${gw.url}/v1/jobs/missing`, { headers: { Authorization: secret } })
    await waitFor(async () => (lines.length >= 2 ? true : undefined), 'log lines')
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(entries[0]).toMatchObject({ requestId, method: 'GET', path: '/v1/models', status: 200 })
    expect(typeof entries[0]!.ms).toBe('number')
    expect(entries[1]).toMatchObject({ path: '/v1/jobs/missing', status: 404 })
    expect(lines.join('')).not.toContain('very-secret')
  })
})

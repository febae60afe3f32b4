import { afterEach, describe, expect, it } from 'vitest'

import type { JobView } from '../../src/protocol/api.js'
import { createGatewayClient } from '../../src/protocol/client.js'
import { sendJson, serve, startStream, stopServing } from '../helpers/loopback.js'
import { job } from './job-view.js'

afterEach(stopServing)

const tick = (ms = 15) => new Promise((resolve) => setTimeout(resolve, ms))

const fast = { reconnectDelayMs: 10, pollIntervalMs: 10 }

describe('gateway client watch', () => {
  it('parses events split at arbitrary chunk boundaries, skipping comments', async () => {
    const queued = JSON.stringify(job('queued', { queuePosition: 2 }))
    const running = JSON.stringify(job('running', { progress: 0.4 }))
    const done = JSON.stringify(
      job('succeeded', {
        images: [{ url: '/v1/jobs/job1/images/0', width: 1, height: 1, contentType: 'image/png' }]
      })
    )
    const text = `: heartbeat\n\nevent: job\ndata: ${queued}\n\ndata: ${running}\r\n\r\n: ping\n\ndata: ${done}\n\n`
    const url = await serve(async (_request, response) => {
      startStream(response)
      for (const piece of [
        text.slice(0, 3),
        text.slice(3, 40),
        text.slice(40, 41),
        text.slice(41, text.indexOf('\r') + 1),
        text.slice(text.indexOf('\r') + 1, text.length - 5),
        text.slice(-5)
      ]) {
        response.write(piece)
        await tick(5)
      }
      response.end()
    })
    const updates: JobView[] = []
    const final = await createGatewayClient({ baseUrl: url, ...fast }).watch('job1', (update) =>
      updates.push(update)
    )
    expect(updates.map((update) => update.status)).toEqual(['queued', 'running', 'succeeded'])
    expect(updates[0].queuePosition).toBe(2)
    expect(final.images).toHaveLength(1)
  })

  it('reconnects after a dropped stream, with Last-Event-ID', async () => {
    const connections: (string | undefined)[] = []
    const url = await serve(async (request, response) => {
      connections.push(request.headers['last-event-id'] as string | undefined)
      startStream(response)
      if (connections.length === 1) {
        response.write(`id: 1\ndata: ${JSON.stringify(job('running', { progress: 0.2 }))}\n\n`)
        await tick()
        response.socket?.destroy() // the network blips mid-job
        return
      }
      response.end(`id: 2\ndata: ${JSON.stringify(job('succeeded'))}\n\n`)
    })
    const updates: string[] = []
    const final = await createGatewayClient({ baseUrl: url, ...fast }).watch('job1', (update) =>
      updates.push(update.status)
    )
    expect(final.status).toBe('succeeded')
    expect(updates).toEqual(['running', 'succeeded'])
    expect(connections).toEqual([undefined, '1'])
  })

  it('reconnects a stream that goes silent without closing', async () => {
    let connections = 0
    const url = await serve((_request, response) => {
      connections++
      startStream(response)
      if (connections === 1) {
        // One event, then nothing at all: no heartbeat, no close (a proxy that lost the connection).
        response.write(`data: ${JSON.stringify(job('running', { progress: 0.3 }))}\n\n`)
        return
      }
      response.end(`data: ${JSON.stringify(job('succeeded'))}\n\n`)
    })
    const final = await createGatewayClient({ baseUrl: url, ...fast, idleTimeoutMs: 100 }).watch(
      'job1',
      () => undefined
    )
    expect(final.status).toBe('succeeded')
    expect(connections).toBe(2)
  })

  it('keeps a stream that only sends heartbeats for longer than the idle timeout', async () => {
    let connections = 0
    const url = await serve(async (_request, response) => {
      connections++
      startStream(response)
      // 12 heartbeats 60 ms apart: the stream outlives the 400 ms idle timeout almost twice over, while
      // each gap leaves a loaded machine ample slack before the client would call the stream idle.
      for (let i = 0; i < 12; i++) {
        response.write(': heartbeat\n\n')
        await tick(60)
      }
      response.end(`data: ${JSON.stringify(job('succeeded'))}\n\n`)
    })
    const final = await createGatewayClient({ baseUrl: url, ...fast, idleTimeoutMs: 400 }).watch(
      'job1',
      () => undefined
    )
    expect(final.status).toBe('succeeded')
    expect(connections).toBe(1)
  })

  it('rides out a gateway restart while polling and still returns the finished job', async () => {
    let polls = 0
    const url = await serve((request, response) => {
      if (request.url?.endsWith('/events')) return sendJson(response, 200, job('running'))
      polls++
      // Polls 2–8: the gateway is down (the connection is cut), then it is back with the result.
      if (polls >= 2 && polls <= 8) return void response.socket?.destroy()
      sendJson(response, 200, polls === 1 ? job('running') : job('succeeded'))
    })
    const final = await createGatewayClient({ baseUrl: url, ...fast, outageBudgetMs: 5_000 }).watch(
      'job1',
      () => undefined
    )
    expect(final.status).toBe('succeeded')
    expect(polls).toBe(9)
  })

  it('gives up with "can\'t reach" once the gateway stays unreachable past the outage budget', async () => {
    const url = await serve((request, response) => {
      if (request.url?.endsWith('/events')) return sendJson(response, 200, job('running'))
      response.socket?.destroy()
    })
    await expect(
      createGatewayClient({ baseUrl: url, ...fast, outageBudgetMs: 200 }).watch('job1', () => undefined)
    ).rejects.toMatchObject({ status: 0, code: 'unreachable' })
  })

  it('falls back to polling when the stream keeps failing', async () => {
    let streams = 0
    const polled = [
      job('queued', { queuePosition: 1 }),
      job('running', { progress: 0.5 }),
      job('running', { progress: 0.5 }),
      job('succeeded')
    ]
    const url = await serve((request, response) => {
      if (request.url?.endsWith('/events')) {
        streams++
        return sendJson(response, 503, { error: { code: 'unavailable', message: 'Streaming is off.' } })
      }
      sendJson(response, 200, polled.shift())
    })
    const updates: string[] = []
    const final = await createGatewayClient({ baseUrl: url, ...fast, maxReconnects: 2 }).watch(
      'job1',
      (update) => updates.push(update.status)
    )
    expect(final.status).toBe('succeeded')
    expect(streams).toBe(3)
    // An unchanged poll is not reported twice.
    expect(updates).toEqual(['queued', 'running', 'succeeded'])
  })

  it('polls at once when a proxy answers the stream with plain JSON', async () => {
    const url = await serve((_request, response) =>
      sendJson(
        response,
        200,
        job('failed', { error: { code: 'provider_error', message: 'The model ran out of memory.' } })
      )
    )
    const final = await createGatewayClient({ baseUrl: url, ...fast }).watch('job1', () => undefined)
    expect(final.error?.message).toBe('The model ran out of memory.')
  })

  it('does not retry a 401 on the stream', async () => {
    let calls = 0
    const url = await serve((_request, response) => {
      calls++
      sendJson(response, 401, { error: { code: 'unauthorized', message: 'no' } })
    })
    await expect(
      createGatewayClient({ baseUrl: url, ...fast }).watch('job1', () => undefined)
    ).rejects.toMatchObject({ status: 401 })
    expect(calls).toBe(1)
  })

  it('stops when the signal aborts', async () => {
    const url = await serve((_request, response) => {
      startStream(response)
      response.write(`data: ${JSON.stringify(job('running'))}\n\n`)
    })
    const controller = new AbortController()
    const watching = createGatewayClient({ baseUrl: url, ...fast }).watch(
      'job1',
      () => controller.abort(),
      controller.signal
    )
    await expect(watching).rejects.toMatchObject({ name: 'AbortError' })
    expect(controller.signal.aborted).toBe(true)
  })
})

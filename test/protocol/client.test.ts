import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterEach, describe, expect, it } from 'vitest'

import type { JobView } from '../../src/protocol/api.js'
import { createGatewayClient, GatewayError, readEvents } from '../../src/protocol/client.js'

type Handler = (request: IncomingMessage, response: ServerResponse, body: Buffer) => void | Promise<void>

let server: Server | undefined

/** A real HTTP server on a loopback port; `handler` answers every request. */
async function serve(handler: Handler): Promise<string> {
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => void handler(request, response, Buffer.concat(chunks)))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

afterEach(async () => {
  if (!server) return
  server.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve))
  server = undefined
})

function job(status: JobView['status'], extra: Partial<JobView> = {}): JobView {
  return {
    id: 'job1',
    status,
    model: 'local/studio',
    createdAt: '2026-11-22T00:00:00Z',
    updatedAt: '2026-11-22T00:00:00Z',
    params: {
      model: 'local/studio',
      prompt: 'warm',
      negativePrompt: '',
      lightSource: 'left',
      maskMode: 'alpha',
      output: 'cutout',
      seed: 0,
      steps: null,
      guidance: null,
      numImages: 1,
      width: null,
      height: null,
      outputFormat: 'png',
      options: {}
    },
    images: [],
    ...extra
  }
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers })
  response.end(JSON.stringify(body))
}

function startStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  response.flushHeaders()
}

const tick = (ms = 15) => new Promise((resolve) => setTimeout(resolve, ms))

const fast = { reconnectDelayMs: 10, pollIntervalMs: 10 }

describe('gateway client requests', () => {
  it('sends the token as a Bearer header and parses the model list', async () => {
    let auth: string | undefined
    const url = await serve((request, response) => {
      auth = request.headers.authorization
      sendJson(response, 200, { models: [], defaultModel: 'local/studio' })
    })
    const client = createGatewayClient({ baseUrl: `${url}/`, token: 'tok-123' })
    expect(await client.models()).toEqual({ models: [], defaultModel: 'local/studio' })
    expect(auth).toBe('Bearer tok-123')
  })

  it('sends no Authorization header without a token', async () => {
    let auth: string | undefined = 'unset'
    const url = await serve((request, response) => {
      auth = request.headers.authorization
      sendJson(response, 200, { ok: true, version: '1.2.3' })
    })
    expect(await createGatewayClient({ baseUrl: url }).health()).toEqual({ ok: true, version: '1.2.3' })
    expect(auth).toBeUndefined()
  })

  it('submits the image, the mask and the params as multipart, with an Idempotency-Key', async () => {
    let seen: {
      path?: string
      key?: string
      params?: unknown
      image?: number[]
      type?: string
      mask?: number
    } = {}
    const url = await serve(async (request, response, body) => {
      const form = await new Response(new Uint8Array(body), {
        headers: { 'content-type': request.headers['content-type'] ?? '' }
      }).formData()
      const image = form.get('image') as File
      seen = {
        path: request.url,
        key: request.headers['idempotency-key'] as string,
        params: JSON.parse(form.get('params') as string),
        image: [...new Uint8Array(await image.arrayBuffer())],
        type: image.type,
        mask: (form.get('mask') as File).size
      }
      sendJson(response, 202, { id: 'job1', status: 'queued' })
    })
    const client = createGatewayClient({ baseUrl: url })
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
    const params = { model: 'local/studio', prompt: 'warm sunset', lightSource: 'left' as const }
    const submitted = await client.submit(png, params, {
      mask: new Uint8Array([0x89, 0x50, 9]),
      idempotencyKey: 'k-1'
    })
    expect(submitted).toEqual({ id: 'job1', status: 'queued' })
    expect(seen).toEqual({
      path: '/v1/relight',
      key: 'k-1',
      params,
      image: [...png],
      type: 'image/png',
      mask: 3
    })
  })

  it('downloads result images from the gateway and refuses any other origin', async () => {
    const url = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' })
      response.end(Buffer.from([request.url === '/v1/jobs/job1/images/0' ? 7 : 0, 8, 9]))
    })
    const client = createGatewayClient({ baseUrl: url, token: 't' })
    expect([...(await client.image('/v1/jobs/job1/images/0'))]).toEqual([7, 8, 9])
    await expect(client.image('https://evil.example.com/x.png')).rejects.toMatchObject({
      code: 'foreign_url'
    })
  })

  it('keeps a path prefix of the base URL', async () => {
    let path: string | undefined
    const url = await serve((request, response) => {
      path = request.url
      sendJson(response, 200, { jobs: [] })
    })
    await createGatewayClient({ baseUrl: `${url}/relight/` }).jobs()
    expect(path).toBe('/relight/v1/jobs')
  })

  it('posts cancel and inserted marks', async () => {
    const paths: string[] = []
    const url = await serve((request, response) => {
      paths.push(`${request.method} ${request.url}`)
      sendJson(response, 200, job('canceled'))
    })
    const client = createGatewayClient({ baseUrl: url })
    await client.cancel('job1')
    await client.markInserted('job1')
    expect(paths).toEqual(['POST /v1/jobs/job1/cancel', 'POST /v1/jobs/job1/inserted'])
  })
})

describe('gateway client errors', () => {
  it('says the gateway cannot be reached when nothing listens', async () => {
    const url = await serve(() => undefined)
    server?.close()
    server = undefined
    const error = await createGatewayClient({ baseUrl: url })
      .models()
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({ status: 0, code: 'unreachable' })
    expect((error as Error).message).toBe(
      `Can't reach the gateway at ${url}. Check that it is running and that the address in Settings is right.`
    )
  })

  it("maps 401 to the gateway's own message when it has one (a revoked token says so)", async () => {
    const message = 'This token was revoked. Ask your admin for a new one.'
    const url = await serve((_request, response) =>
      sendJson(response, 401, { error: { code: 'token_revoked', message } })
    )
    await expect(createGatewayClient({ baseUrl: url, token: 'old' }).models()).rejects.toMatchObject({
      status: 401,
      code: 'token_revoked',
      message
    })
  })

  it('maps a 401 without a message to one about the token', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(401, { 'content-type': 'text/plain' })
      response.end('Unauthorized')
    })
    await expect(createGatewayClient({ baseUrl: url, token: 'wrong' }).models()).rejects.toMatchObject({
      status: 401,
      code: 'http_401',
      message: expect.stringMatching(/did not accept your token/)
    })
    await expect(createGatewayClient({ baseUrl: url }).models()).rejects.toMatchObject({
      message: expect.stringMatching(/needs a token/)
    })
  })

  it('maps a 413 without JSON (a proxy) to "too large for the gateway" and what to do', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(413, { 'content-type': 'text/html' })
      response.end('<html><body>413 Request Entity Too Large</body></html>')
    })
    const error = await createGatewayClient({ baseUrl: url })
      .submit(new Uint8Array([137, 80, 78, 71]), { model: 'local/studio', prompt: 'warm' })
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ status: 413 })
    expect((error as Error).message).toMatch(/too large for the gateway/)
    expect((error as Error).message).toMatch(/smaller/)
    expect((error as Error).message).toMatch(/RELIGHT_MAX_BODY_BYTES/)
  })

  it("maps 429 to the gateway's message plus when to try again, from Retry-After", async () => {
    const url = await serve((_request, response) =>
      sendJson(
        response,
        429,
        { error: { code: 'quota_exceeded', message: 'Your daily quota of 200 images is used up.' } },
        { 'retry-after': '120' }
      )
    )
    const error = (await createGatewayClient({ baseUrl: url })
      .models()
      .catch((caught: unknown) => caught)) as GatewayError
    expect(error).toMatchObject({ status: 429, code: 'quota_exceeded', retryAfterSeconds: 120 })
    expect(error.message).toBe('Your daily quota of 200 images is used up. Try again in 2 minutes.')
  })

  it('maps 429 without a body or header to a plain rate-limit message', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(429)
      response.end()
    })
    await expect(createGatewayClient({ baseUrl: url }).models()).rejects.toMatchObject({
      message: 'Too many relights right now. Try again later.'
    })
  })

  it('keeps the field of a validation error', async () => {
    const url = await serve((_request, response) =>
      sendJson(response, 400, {
        error: { code: 'invalid_params', message: 'Describe the light.', field: 'prompt' }
      })
    )
    const client = createGatewayClient({ baseUrl: url })
    await expect(
      client.submit(new Uint8Array([1]), { model: 'local/studio', prompt: '' })
    ).rejects.toMatchObject({
      status: 400,
      code: 'invalid_params',
      field: 'prompt',
      message: 'Describe the light.'
    })
  })

  it('says so when the address answers but is not a gateway', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' })
      response.end('<html>hello</html>')
    })
    await expect(createGatewayClient({ baseUrl: url }).models()).rejects.toMatchObject({
      code: 'bad_response'
    })
  })

  it('times out a request that never answers', async () => {
    const url = await serve(() => undefined)
    await expect(createGatewayClient({ baseUrl: url, timeoutMs: 50 }).models()).rejects.toMatchObject({
      code: 'timeout'
    })
  })
})

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
      for (let i = 0; i < 6; i++) {
        response.write(': heartbeat\n\n')
        await tick(40)
      }
      response.end(`data: ${JSON.stringify(job('succeeded'))}\n\n`)
    })
    const final = await createGatewayClient({ baseUrl: url, ...fast, idleTimeoutMs: 120 }).watch(
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
    await expect(watching).rejects.toBeDefined()
    expect(controller.signal.aborted).toBe(true)
  })
})

describe('readEvents', () => {
  it('decodes multi-byte characters and multi-line data split byte by byte', async () => {
    const bytes = new TextEncoder().encode('data: warm “sunset”\ndata: line two\nid: 9\nretry: 250\n\n')
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]))
        controller.close()
      }
    })
    const events = []
    for await (const event of readEvents(stream)) events.push(event)
    expect(events).toEqual([{ event: 'message', data: 'warm “sunset”\nline two', id: '9', retry: 250 }])
  })

  it('drops an event that the stream cut off before its blank line', async () => {
    const stream = new Response('data: {"a":1}\n\ndata: {"b"').body as ReadableStream<Uint8Array>
    const events = []
    for await (const event of readEvents(stream)) events.push(event.data)
    expect(events).toEqual(['{"a":1}'])
  })
})

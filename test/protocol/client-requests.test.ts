import { afterEach, describe, expect, it } from 'vitest'

import { ApiError, createGatewayClient, type HintWords } from '../../src/protocol/client.js'
import { sendJson, serve, stopServing } from '../helpers/loopback.js'
import { job } from './job-view.js'

afterEach(stopServing)

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
    await stopServing()
    const error = await createGatewayClient({ baseUrl: url })
      .models()
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 0, code: 'unreachable', hint: { kind: 'url' } })
    expect((error as Error).message).toBe(`Can't reach the gateway at ${url}. Check that it is running.`)
  })

  it("words a hint in the client's own terms: the gateway says what, the client says where", async () => {
    const url = await serve((_request, response) =>
      sendJson(response, 401, {
        error: {
          code: 'invalid_token',
          message: 'The gateway did not accept this token.',
          hint: { kind: 'token', problem: 'rejected' }
        }
      })
    )
    const words: HintWords = (hint) =>
      hint.kind === 'token' ? `Fix the ${hint.problem} token here.` : undefined
    const error = await createGatewayClient({ baseUrl: url, token: 'stale', words })
      .models()
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({
      status: 401,
      code: 'invalid_token',
      hint: { kind: 'token', problem: 'rejected' },
      message: 'The gateway did not accept this token. Fix the rejected token here.'
    })
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
      .catch((caught: unknown) => caught)) as ApiError
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

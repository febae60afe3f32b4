import { once } from 'node:events'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterEach, describe, expect, it } from 'vitest'

import { createGatewayClient } from '../../src/protocol/client.js'
import { testConnectionAsync } from '../../ui/lib/test-connection-async.js'

let server: Server | undefined

async function gateway(
  answer: (path: string, auth: string | undefined, response: ServerResponse) => void
): Promise<string> {
  server = createServer((request, response) =>
    answer(request.url ?? '', request.headers.authorization, response)
  )
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers })
  response.end(JSON.stringify(body))
}

const models = {
  models: [
    { id: 'local/studio', available: true },
    { id: 'fal/iclight-v2', available: false }
  ],
  defaultModel: 'local/studio'
}

/** A gateway with auth on: the token "good" works, and its quota is `remaining`. */
function teamGateway(remaining: number) {
  return gateway((path, auth, response) => {
    if (path === '/healthz') return json(response, 200, { ok: true, version: '0.1.0' })
    if (auth !== 'Bearer good')
      return json(response, 401, { error: { code: 'unauthorized', message: 'Invalid token.' } })
    if (path === '/v1/models') return json(response, 200, models)
    if (path === '/v1/usage') return json(response, 200, { used: 200 - remaining, limit: 200, remaining })
    json(response, 404, { error: { code: 'not_found', message: 'Not found.' } })
  })
}

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = undefined
})

describe('Test connection', () => {
  it('reports a working connection with the models available', async () => {
    const url = await teamGateway(150)
    expect(await testConnectionAsync(createGatewayClient({ baseUrl: url, token: 'good' }))).toEqual({
      ok: true,
      message: 'Connected to the gateway (version 0.1.0). 1 of 2 models available. 150 images left today.'
    })
  })

  it('says the gateway is unreachable', async () => {
    const url = await teamGateway(1)
    server?.close()
    server = undefined
    const report = await testConnectionAsync(createGatewayClient({ baseUrl: url, token: 'good' }))
    expect(report).toEqual({
      ok: false,
      message: expect.stringMatching(/^Can't reach the gateway at http:\/\/127\.0\.0\.1/)
    })
  })

  it('says the token is wrong', async () => {
    const url = await teamGateway(1)
    const report = await testConnectionAsync(createGatewayClient({ baseUrl: url, token: 'bad' }))
    expect(report).toEqual({ ok: false, message: expect.stringMatching(/did not accept your token/) })
  })

  it('says the quota is used up', async () => {
    const url = await teamGateway(0)
    const report = await testConnectionAsync(createGatewayClient({ baseUrl: url, token: 'good' }))
    expect(report).toEqual({
      ok: false,
      message: 'Connected, but your quota is used up. Ask your admin for more.'
    })
  })

  it('passes on a 429 with when to try again', async () => {
    const url = await gateway((path, _auth, response) =>
      path === '/healthz'
        ? json(response, 200, { ok: true, version: '0.1.0' })
        : json(
            response,
            429,
            { error: { code: 'rate_limited', message: 'Too many requests from your token.' } },
            { 'retry-after': '30' }
          )
    )
    const report = await testConnectionAsync(createGatewayClient({ baseUrl: url }))
    expect(report).toEqual({
      ok: false,
      message: 'Too many requests from your token. Try again in 30 seconds.'
    })
  })

  it('works with a gateway that has no usage endpoint', async () => {
    const url = await gateway((path, _auth, response) =>
      path === '/healthz'
        ? json(response, 200, { ok: true, version: '0.1.0' })
        : path === '/v1/models'
          ? json(response, 200, models)
          : json(response, 404, {})
    )
    expect(await testConnectionAsync(createGatewayClient({ baseUrl: url }))).toMatchObject({ ok: true })
  })
})

/**
 * A real HTTP server on a loopback port for client tests, one at a time per test file: `serve` starts it
 * with a handler that answers every request (its body read first), `stopServing` closes it and its open
 * connections — call it from the file's `afterEach`.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export { sendJson } from '../../testkit/fakes/server.js'

export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer
) => void | Promise<void>

let server: Server | undefined

/** Starts the server and answers its base URL, e.g. `http://127.0.0.1:54321`. */
export async function serve(handler: Handler): Promise<string> {
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => void handler(request, response, Buffer.concat(chunks)))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Closes the server, if one runs, so that its address no longer answers. */
export async function stopServing(): Promise<void> {
  if (!server) return
  const closing = server
  server = undefined
  closing.closeAllConnections()
  await new Promise((resolve) => closing.close(resolve))
}

/** Answers with the headers of an event stream and sends them at once. */
export function startStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  response.flushHeaders()
}

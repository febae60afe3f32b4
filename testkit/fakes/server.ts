/**
 * A real HTTP server on 127.0.0.1 (port 0) for fake providers: records every request (method, URL,
 * headers, JSON body) and injects faults on demand before the route handler runs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  readonly method: string
  /** Path and query, as received. */
  readonly url: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
  readonly rawBody: string
}

export type Fault =
  | {
      readonly kind: 'status'
      readonly status: number
      readonly body?: unknown
      readonly headers?: Record<string, string>
    }
  /** Accepts the request and never answers. */
  | { readonly kind: 'hang' }
  /** 200 with a body that is not JSON. */
  | { readonly kind: 'malformed' }
  | { readonly kind: 'redirect'; readonly location: string; readonly status?: number }
  /** Drops the connection without an answer. */
  | { readonly kind: 'reset' }
  /** Starts a 200 answer, sends part of the body, then drops the connection (a reset mid-download). */
  | { readonly kind: 'truncate' }

export interface FaultRule {
  readonly method?: string
  readonly path: RegExp
  readonly fault: Fault
  times: number
}

export type Handler = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>

export interface FakeServer {
  readonly url: string
  readonly requests: RecordedRequest[]
  /** Injects `fault` for the next `times` requests matching method and path. */
  fault(match: { method?: string; path: RegExp }, fault: Fault, times?: number): void
  close(): Promise<void>
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function applyFault(fault: Fault, res: ServerResponse): void {
  switch (fault.kind) {
    case 'status':
      return sendJson(res, fault.status, fault.body ?? { detail: `fault ${fault.status}` }, fault.headers)
    case 'hang':
      return
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' })
      return void res.end('{"status": "IN_PROG')
    case 'redirect':
      res.writeHead(fault.status ?? 302, { location: fault.location })
      return void res.end()
    case 'reset':
      return void res.socket?.destroy()
    case 'truncate':
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '65536' })
      res.write(Buffer.alloc(1024))
      return void setTimeout(() => res.socket?.destroy(), 10)
  }
}

export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const requests: RecordedRequest[] = []
  const rules: FaultRule[] = []
  const server = createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req)
      let body: unknown
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined
      } catch {
        body = undefined
      }
      const url = req.url ?? '/'
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : (value ?? '')
        ])
      )
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url,
        path: url.split('?')[0]!,
        headers,
        body,
        rawBody
      }
      requests.push(recorded)
      const rule = rules.find(
        (candidate) =>
          candidate.times > 0 &&
          (!candidate.method || candidate.method === recorded.method) &&
          candidate.path.test(recorded.path)
      )
      if (rule) {
        rule.times--
        return applyFault(rule.fault, res)
      }
      await handler(recorded, res)
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { detail: String(error) })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fault(match, fault, times = 1) {
      rules.push({ ...match, fault, times })
    },
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
}

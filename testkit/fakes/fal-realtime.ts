/**
 * A fake of fal's realtime mode on 127.0.0.1: the token mint (`POST /tokens/`) and the app socket
 * (`/{owner}/{alias}/realtime?fal_jwt_token=…&max_buffering=N`), speaking the protocol fal's own client
 * speaks (libs/client/src/realtime.ts and auth.ts of @fal-ai/client). Frames are rendered by sharp into a
 * real JPEG the size of the init image. Faults (mint errors, frame errors, dropped sockets, silence,
 * revoked tokens, idle timeouts) are injected on demand; everything received is recorded.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import { decode, encode } from '@msgpack/msgpack'
import sharp from 'sharp'
import WebSocket, { type RawData, WebSocketServer } from 'ws'

export interface FakeFalRealtimeOptions {
  readonly key: string
  /** Time to render one frame. */
  readonly renderMs?: number
  /** A socket that receives nothing for this long gets fal's TIMEOUT error and is closed. */
  readonly idleMs?: number
}

export interface MintRecord {
  readonly authorization: string
  readonly body: unknown
  readonly status: number
}

export interface ConnectionRecord {
  /** Path and query as received (the query carries the temporary token). */
  readonly url: string
  readonly app: string
  readonly maxBuffering: number
  readonly accepted: boolean
}

export interface FrameRecord {
  readonly connection: number
  readonly input: Record<string, unknown>
  /** Whether it arrived as msgpack binary (fal's client sends binary). */
  readonly binary: boolean
}

export type FrameFault =
  | { readonly kind: 'error'; readonly error: string; readonly reason: string }
  /** The server closes the socket abnormally on the frame. */
  | { readonly kind: 'drop'; readonly code?: number }
  /** The frame is taken and never answered. */
  | { readonly kind: 'silence' }

export interface FakeFalRealtime {
  /** http://127.0.0.1:port: both the REST base (FAL_REST_URL) and the socket base (FAL_REALTIME_URL). */
  readonly url: string
  readonly mints: MintRecord[]
  readonly connections: ConnectionRecord[]
  readonly frames: FrameRecord[]
  /** Frames dropped unanswered because more than max_buffering were waiting. */
  readonly dropped: FrameRecord[]
  renderMs: number
  /** The next `times` mints answer `status`. */
  failMints(status: number, times?: number): void
  /** The next `times` frames get `fault` instead of a result. */
  failFrames(fault: FrameFault, times?: number): void
  /** Every token minted so far stops working (like an expired or revoked JWT). */
  revokeTokens(): void
  /** Open sockets right now. */
  openSockets(): number
  close(): Promise<void>
}

/** fal's client asks for 120 s; the mint rejects other shapes (assumed strict: the docs show only this one). */
function validMintBody(body: unknown): body is { allowed_apps: string[]; token_expiration: number } {
  const record = body as { allowed_apps?: unknown; token_expiration?: unknown } | undefined
  return (
    Array.isArray(record?.allowed_apps) &&
    record.allowed_apps.length > 0 &&
    record.allowed_apps.every((app) => typeof app === 'string') &&
    typeof record.token_expiration === 'number' &&
    record.token_expiration > 0
  )
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

const rendered = new Map<string, string>()

/** A real JPEG the size of the init image (fal's LCM keeps the init image's size), as a data URI. */
async function render(imageUrl: string): Promise<{ url: string; width: number; height: number }> {
  const base64 = /^data:image\/[a-z]+;base64,(.+)$/.exec(imageUrl)?.[1]
  const meta = base64 ? await sharp(Buffer.from(base64, 'base64')).metadata() : undefined
  const width = meta?.width ?? 512
  const height = meta?.height ?? 512
  const key = `${width}x${height}`
  let url = rendered.get(key)
  if (!url) {
    const bytes = await sharp({
      create: { width, height, channels: 3, background: { r: 240, g: 170, b: 90 } }
    })
      .jpeg()
      .toBuffer()
    url = `data:image/jpeg;base64,${bytes.toString('base64')}`
    rendered.set(key, url)
  }
  return { url, width, height }
}

export async function startFakeFalRealtime(options: FakeFalRealtimeOptions): Promise<FakeFalRealtime> {
  const mints: MintRecord[] = []
  const connections: ConnectionRecord[] = []
  const frames: FrameRecord[] = []
  const dropped: FrameRecord[] = []
  const mintFaults: { status: number; times: number }[] = []
  const frameFaults: { fault: FrameFault; times: number }[] = []
  /** token → the aliases it allows and when it expires. */
  const tokens = new Map<string, { apps: string[]; expiresAt: number }>()
  const sockets = new Set<WebSocket>()

  const http = createServer((request, response) => {
    void (async () => {
      const raw = await readBody(request)
      if (request.method !== 'POST' || request.url !== '/tokens/')
        return json(response, 404, { detail: 'Not Found' })
      const authorization = request.headers.authorization ?? ''
      let body: unknown
      try {
        body = JSON.parse(raw)
      } catch {
        body = undefined
      }
      const fault = mintFaults.find((candidate) => candidate.times > 0)
      const status = fault
        ? fault.status
        : authorization !== `Key ${options.key}`
          ? 401
          : !validMintBody(body)
            ? 422
            : 200
      if (fault) fault.times--
      mints.push({ authorization, body, status })
      if (status !== 200)
        return json(response, status, { detail: status === 401 ? 'Unauthorized' : `error ${status}` })
      const { allowed_apps, token_expiration } = body as { allowed_apps: string[]; token_expiration: number }
      const token = `fake-jwt.${randomBytes(12).toString('base64url')}`
      tokens.set(token, { apps: allowed_apps, expiresAt: Date.now() + token_expiration * 1000 })
      // fal's mint answers the JWT as a bare JSON string (auth.ts reads it as a string).
      json(response, 201, token)
    })()
  })

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })

  http.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://fake')
    // Socket path: `/{owner}/{alias}/realtime` (buildRealtimeUrl in realtime.ts).
    const match = /^\/([^/]+)\/([^/]+)\/realtime$/.exec(url.pathname)
    const rawBuffering = url.searchParams.get('max_buffering')
    const maxBuffering = rawBuffering === null ? 2 : Number(rawBuffering)
    // The client refuses max_buffering outside 1–60; the server is assumed to refuse it too.
    if (!match || !Number.isInteger(maxBuffering) || maxBuffering < 1 || maxBuffering > 60) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const alias = match[2]!
    const grant = tokens.get(url.searchParams.get('fal_jwt_token') ?? '')
    const accepted = grant !== undefined && grant.expiresAt > Date.now() && grant.apps.includes(alias)
    const index = connections.length
    connections.push({ url: request.url ?? '', app: `${match[1]}/${alias}`, maxBuffering, accepted })
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      if (!accepted) {
        // A rejected token is answered in-band; fal's client reads exactly this shape (isUnauthorizedError).
        ws.send(JSON.stringify({ status: 'error', error: 'Unauthorized' }))
        ws.close(1008, 'Unauthorized')
        return
      }
      serveSocket(ws, index, maxBuffering)
    })
  })

  function serveSocket(ws: WebSocket, connection: number, maxBuffering: number): void {
    const waiting: FrameRecord[] = []
    let busy = false
    let idle: ReturnType<typeof setTimeout> | undefined
    const touch = (): void => {
      clearTimeout(idle)
      if (options.idleMs === undefined) return
      idle = setTimeout(() => {
        // An idle session gets an x-fal-error with TIMEOUT and is closed (fal's client ignores it).
        ws.send(JSON.stringify({ type: 'x-fal-error', error: 'TIMEOUT', reason: 'TIMEOUT' }))
        ws.close(1000)
      }, options.idleMs)
    }
    touch()
    ws.on('close', () => clearTimeout(idle))

    const pump = async (): Promise<void> => {
      if (busy) return
      const frame = waiting.shift()
      if (!frame) return
      busy = true
      const fault = frameFaults.find((candidate) => candidate.times > 0)
      if (fault) fault.times--
      await new Promise((resolve) => setTimeout(resolve, fake.renderMs))
      busy = false
      if (ws.readyState !== WebSocket.OPEN) return
      if (fault?.fault.kind === 'drop') return ws.close(fault.fault.code ?? 1011, 'internal error')
      if (fault?.fault.kind === 'error') {
        ws.send(JSON.stringify({ type: 'x-fal-error', error: fault.fault.error, reason: fault.fault.reason }))
      } else if (!fault) {
        await answer(ws, frame.input)
      }
      void pump()
    }

    ws.on('message', (data: RawData, isBinary: boolean) => {
      touch()
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      let input: unknown
      try {
        // Requests are msgpack binary; a text frame is read as JSON (decodeRealtimeMessage).
        input = isBinary ? decode(bytes) : JSON.parse(bytes.toString('utf8'))
      } catch {
        input = undefined
      }
      const record = input as Record<string, unknown> | undefined
      if (!record || typeof record.prompt !== 'string' || typeof record.image_url !== 'string') {
        // Required fields per the model's input schema: prompt, image_url.
        ws.send(
          JSON.stringify({
            type: 'x-fal-error',
            error: 'Invalid input',
            reason: 'prompt and image_url are required'
          })
        )
        return
      }
      const frame = { connection, input: record, binary: isBinary }
      frames.push(frame)
      waiting.push(frame)
      // At most max_buffering frames wait; the oldest are dropped unanswered.
      while (waiting.length > maxBuffering) dropped.push(waiting.shift()!)
      void pump()
    })
  }

  async function answer(ws: WebSocket, input: Record<string, unknown>): Promise<void> {
    const image = await render(String(input.image_url))
    // Timings come as an x-fal-message control message, which clients skip.
    ws.send(JSON.stringify({ type: 'x-fal-message', timings: { inference: fake.renderMs / 1000 } }))
    const result = {
      // With sync_mode the image is inline as a data URI; otherwise a CDN URL.
      images: [
        {
          url:
            input.sync_mode === true
              ? image.url
              : `https://v3.fal.media/files/fake/${randomBytes(6).toString('hex')}.jpeg`,
          width: image.width,
          height: image.height,
          content_type: 'image/jpeg'
        }
      ],
      timings: { inference: fake.renderMs / 1000 },
      seed: typeof input.seed === 'number' ? input.seed : 42,
      num_inference_steps: typeof input.num_inference_steps === 'number' ? input.num_inference_steps : 4,
      nsfw_content_detected: [false],
      request_id: typeof input.request_id === 'string' ? input.request_id : ''
    }
    if (ws.readyState === WebSocket.OPEN) ws.send(encode(result), { binary: true })
  }

  http.listen(0, '127.0.0.1')
  await new Promise((resolve) => http.once('listening', resolve))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`

  const fake: FakeFalRealtime = {
    url,
    mints,
    connections,
    frames,
    dropped,
    renderMs: options.renderMs ?? 20,
    failMints(status, times = 1) {
      mintFaults.push({ status, times })
    },
    failFrames(fault, times = 1) {
      frameFaults.push({ fault, times })
    },
    revokeTokens() {
      for (const grant of tokens.values()) grant.expiresAt = 0
    },
    openSockets: () => sockets.size,
    async close() {
      for (const ws of sockets) ws.terminate()
      wss.close()
      http.closeAllConnections()
      await new Promise((resolve) => http.close(resolve))
    }
  }
  return fake
}

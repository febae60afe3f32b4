/**
 * One WebSocket to fal's realtime endpoint, as fal's client speaks it (libs/client/src/realtime.ts):
 * requests go out as msgpack binary; results come back as msgpack binary, control messages as JSON text
 * (`x-fal-message` timings, `x-fal-error` errors, `{status:"error",error:"Unauthorized"}` for a rejected
 * token). The URL carries the temporary token, so it is never logged.
 */
import { decode, encode } from '@msgpack/msgpack'
import WebSocket, { type RawData } from 'ws'

export interface FalImage {
  readonly url: string
  readonly width?: number
  readonly height?: number
  readonly content_type?: string
}

export interface FalRealtimeResult {
  readonly images: readonly FalImage[]
  readonly seed?: number
  readonly request_id?: string
}

export type FalEvent =
  | { readonly kind: 'result'; readonly result: FalRealtimeResult }
  | { readonly kind: 'error'; readonly error: string; readonly reason: string }
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'closed'; readonly code: number }

/** The handshake failed: `status` is fal's HTTP answer when it sent one. */
export class FalSocketError extends Error {
  override readonly name = 'FalSocketError'
  constructor(readonly status: number | undefined) {
    super(
      status
        ? `fal.ai refused the Live connection (HTTP ${status}).`
        : 'fal.ai could not be reached for Live.'
    )
  }
}

function decodeMessage(data: RawData, isBinary: boolean): unknown {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
  return isBinary ? decode(bytes) : JSON.parse(bytes.toString('utf8'))
}

function classify(message: unknown): FalEvent | undefined {
  if (typeof message !== 'object' || message === null) return undefined
  const record = message as Record<string, unknown>
  if (record.status === 'error' && record.error === 'Unauthorized') return { kind: 'unauthorized' }
  if (record.type === 'x-fal-error') {
    return { kind: 'error', error: String(record.error ?? ''), reason: String(record.reason ?? '') }
  }
  if (record.type === 'x-fal-message') return undefined
  if (Array.isArray(record.images)) return { kind: 'result', result: record as unknown as FalRealtimeResult }
  return undefined
}

export class FalSocket {
  private constructor(private readonly socket: WebSocket) {}

  /** Opens the socket; resolves once it is open, rejects with a FalSocketError if the handshake fails. */
  static open(url: string, token: string, onEvent: (event: FalEvent) => void): Promise<FalSocket> {
    const target = new URL(url)
    target.searchParams.set('fal_jwt_token', token)
    // One frame at most waits on fal's side: the gateway never sends a second before the first answers.
    target.searchParams.set('max_buffering', '1')
    const socket = new WebSocket(target, { handshakeTimeout: 10_000, perMessageDeflate: false })
    return new Promise((resolve, reject) => {
      let opened = false
      socket.once('unexpected-response', (_request, response) => {
        response.resume()
        socket.terminate()
        reject(new FalSocketError(response.statusCode))
      })
      socket.on('error', () => {
        if (!opened) reject(new FalSocketError(undefined))
      })
      socket.once('open', () => {
        opened = true
        resolve(new FalSocket(socket))
      })
      socket.on('message', (data, isBinary) => {
        let event: FalEvent | undefined
        try {
          event = classify(decodeMessage(data, isBinary))
        } catch {
          event = {
            kind: 'error',
            error: 'bad_message',
            reason: 'fal.ai sent a message Relight cannot read.'
          }
        }
        if (event) onEvent(event)
      })
      socket.once('close', (code) => {
        if (opened) onEvent({ kind: 'closed', code })
        else reject(new FalSocketError(undefined))
      })
    })
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  send(input: Readonly<Record<string, unknown>>): void {
    this.socket.send(encode(input), { binary: true })
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(1000)
    }
  }
}

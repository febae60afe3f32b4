/**
 * The plugin's side of Live: asks the gateway for a ticket, opens the socket, and sends frames so that at
 * most one is with the gateway at a time. While one is in flight only the newest change is kept and sent
 * when the answer comes, so typing or dragging never queues up stale frames (and their images) on the wire.
 * No framework and no runtime-specific APIs: WebSocket and fetch are injectable for tests.
 */
import { ApiError, errorFrom, type HintWords, unreachable } from './api-error.js'
import type {
  LiveErrorCode,
  LiveFrameRequest,
  LiveServerMessage,
  RealtimeStatusView,
  RealtimeTicketView
} from './realtime.js'

export type LiveInput = Omit<LiveFrameRequest, 'type' | 'id'>
export type LiveFrame = Extract<LiveServerMessage, { type: 'frame' }>

export interface LiveError {
  readonly code: LiveErrorCode | 'unreachable'
  readonly message: string
  readonly fatal: boolean
}

/** The subset of the browser's WebSocket the client uses (`ws` in Node tests matches it too). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number }) => void) | null
  onerror: ((event: unknown) => void) | null
}

export interface LiveClientOptions {
  readonly baseUrl: string
  readonly token?: string
  readonly fetch?: typeof fetch
  readonly openSocket?: (url: string) => SocketLike
  /** How this client's user fixes what an error's hint names (see `GatewayClientOptions.words`). */
  readonly words?: HintWords
  onFrame(frame: LiveFrame): void
  onError(error: LiveError): void
  /** Called whenever the frame in flight changes (undefined: none). */
  onInFlight?(id: number | undefined): void
}

export interface LiveConnection {
  /** Queues the newest input; returns the id its frame will carry. */
  send(input: LiveInput): number
  /** Frames a second over the last few frames; 0 until two have arrived. */
  fps(): number
  close(): void
}

const OPEN = 1
/** fps is measured over at most this many recent frames within this window. */
const FPS_FRAMES = 6
const FPS_WINDOW_MS = 4_000

function base(url: string): string {
  return url.trim().replace(/\/+$/, '')
}

function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {}
}

/** `GET /v1/realtime`: whether Live can run on this gateway; a gateway without it answers unavailable. */
export async function liveStatus(
  options: Pick<LiveClientOptions, 'baseUrl' | 'token' | 'fetch' | 'words'>
): Promise<RealtimeStatusView> {
  const doFetch = options.fetch ?? fetch
  let response: Response
  try {
    response = await doFetch(`${base(options.baseUrl)}/v1/realtime`, { headers: authHeaders(options.token) })
  } catch {
    throw unreachable(base(options.baseUrl), options.words)
  }
  if (response.status === 404) {
    return {
      available: false,
      reason: 'This gateway does not offer Live yet. Ask your admin to update it.',
      model: '',
      idleSeconds: 0
    }
  }
  if (!response.ok) throw await errorFrom(response, Boolean(options.token), options.words)
  return (await response.json()) as RealtimeStatusView
}

export function openLive(options: LiveClientOptions): LiveConnection {
  const root = base(options.baseUrl)
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const openSocket = options.openSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike)
  let socket: SocketLike | undefined
  let connecting: Promise<void> | undefined
  let nextId = 0
  let inFlight: number | undefined
  let latest: LiveFrameRequest | undefined
  let closed = false
  const arrivals: number[] = []

  const setInFlight = (id: number | undefined): void => {
    inFlight = id
    options.onInFlight?.(id)
  }

  function pump(): void {
    if (inFlight !== undefined || !latest) return
    if (socket?.readyState !== OPEN) return void connect()
    const frame = latest
    latest = undefined
    setInFlight(frame.id)
    socket.send(JSON.stringify(frame))
  }

  function onMessage(raw: unknown): void {
    const message = JSON.parse(String(raw)) as LiveServerMessage
    if (message.type === 'frame') {
      arrivals.push(performance.now())
      if (arrivals.length > FPS_FRAMES) arrivals.shift()
      options.onFrame(message)
    } else if (message.type === 'error') {
      options.onError({ code: message.code, message: message.message, fatal: message.fatal })
    }
    const answered = message.type !== 'ready' && 'id' in message ? message.id : undefined
    if (answered !== undefined && answered === inFlight) {
      setInFlight(undefined)
      pump()
    }
  }

  async function ticket(): Promise<RealtimeTicketView> {
    let response: Response
    try {
      response = await doFetch(`${root}/v1/realtime/tickets`, {
        method: 'POST',
        headers: authHeaders(options.token)
      })
    } catch {
      throw unreachable(root, options.words)
    }
    if (!response.ok) throw await errorFrom(response, Boolean(options.token), options.words)
    return (await response.json()) as RealtimeTicketView
  }

  function connect(): void {
    if (connecting || closed) return
    connecting = (async () => {
      try {
        const { path } = await ticket()
        if (closed) return
        const ws = openSocket(`${root.replace(/^http/i, 'ws')}${path}`)
        socket = ws
        await new Promise<void>((resolve) => {
          ws.onopen = () => resolve()
          ws.onmessage = (event) => onMessage(event.data)
          ws.onerror = () => resolve()
          ws.onclose = () => {
            resolve()
            if (socket !== ws) return
            socket = undefined
            // A frame that was out when the socket went is not coming back; the next change reconnects.
            if (inFlight !== undefined) setInFlight(undefined)
          }
        })
      } catch (error) {
        const gatewayError = error instanceof ApiError ? error : unreachable(root, options.words)
        const code = gatewayError.code === 'realtime_off' ? 'realtime_off' : 'unreachable'
        options.onError({ code, message: gatewayError.message, fatal: true })
        latest = undefined
      } finally {
        connecting = undefined
      }
      if (socket?.readyState === OPEN) pump()
    })()
  }

  return {
    send(input) {
      const id = ++nextId
      latest = { type: 'frame', id, ...input }
      pump()
      return id
    },
    fps() {
      const now = performance.now()
      const recent = arrivals.filter((at) => now - at <= FPS_WINDOW_MS)
      if (recent.length < 2) return 0
      return ((recent.length - 1) * 1000) / (recent[recent.length - 1]! - recent[0]!)
    },
    close() {
      closed = true
      latest = undefined
      socket?.close(1000)
      socket = undefined
    }
  }
}

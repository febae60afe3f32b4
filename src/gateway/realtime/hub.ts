/**
 * The gateway's Live endpoint: answers WebSocket upgrades on `/v1/realtime?ticket=…`, turns each into a
 * LiveSession proxying to fal's realtime socket, and closes them all (with a typed reason) on shutdown.
 * Refusals after the handshake are sent as typed messages before the close, because a browser shows
 * nothing of a refused handshake but a bare 1006.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'

import WebSocket, { WebSocketServer } from 'ws'

import {
  LIVE_CLOSE,
  LIVE_LIMITS,
  type LiveServerMessage,
  REALTIME_MODEL,
  REALTIME_PATH,
  type RealtimeStatusView,
  type RealtimeTicketView
} from '../../protocol/realtime.js'
import type { Caller } from '../auth/caller.js'
import { GatewayError } from '../errors.js'
import type { Logger } from '../log.js'
import { FAL_LCM_APP } from '../providers/fal/map-lcm.js'
import { type RealtimeSettings, socketUrl } from './config.js'
import { type FalTokenSource, falTokenSource } from './fal-token.js'
import { LiveSession, type MeterFrame } from './session.js'
import { TicketBook } from './tickets.js'

export interface RealtimeHubOptions {
  readonly settings: RealtimeSettings
  /** The gateway's fal key: used only to mint fal's temporary tokens, never sent anywhere else. */
  readonly falKey: string | undefined
  readonly meter: MeterFrame
  /** Asked before each frame; a revoked token's connection ends. */
  readonly stillAllowed?: (caller: Caller) => Promise<boolean>
  readonly logger: Logger
}

/** How long sockets get to finish their closing handshake on shutdown before they are cut. */
const CLOSE_GRACE_MS = 2_000

function rejectHandshake(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

function refuse(ws: WebSocket, message: LiveServerMessage & { type: 'error' }, code: number): void {
  ws.send(JSON.stringify(message))
  ws.close(code, message.code)
}

export class RealtimeHub {
  readonly #options: RealtimeHubOptions
  readonly #tickets: TicketBook
  readonly #tokens: FalTokenSource | undefined
  readonly #sessions = new Set<LiveSession>()
  readonly #wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: LIVE_LIMITS.maxImageChars + 64 * 1024
  })
  #closing = false

  constructor(options: RealtimeHubOptions) {
    this.#options = options
    this.#tickets = new TicketBook(options.settings.ticketTtlMs)
    this.#tokens = options.falKey
      ? falTokenSource({
          restUrl: options.settings.restUrl,
          key: options.falKey,
          alias: FAL_LCM_APP.split('/')[1]!
        })
      : undefined
  }

  status(): RealtimeStatusView {
    const idleSeconds = Math.round(this.#options.settings.idleMs / 1000)
    const reason = !this.#options.settings.enabled
      ? 'Your admin turned Live off on this gateway.'
      : !this.#tokens
        ? 'Live needs a fal.ai key on the gateway. Ask your admin to set FAL_KEY.'
        : undefined
    return { available: !reason, model: REALTIME_MODEL, idleSeconds, ...(reason ? { reason } : {}) }
  }

  /** A ticket for one Live connection, or a 403/503 in words when Live cannot run. */
  issue(caller: Caller): RealtimeTicketView {
    const status = this.status()
    if (this.#closing)
      throw new GatewayError(503, 'shutting_down', 'The gateway is restarting. Try again in a moment.')
    if (!status.available) {
      throw this.#options.settings.enabled
        ? new GatewayError(503, 'realtime_unavailable', status.reason!)
        : new GatewayError(403, 'realtime_off', status.reason!)
    }
    const { ticket, expiresAt } = this.#tickets.issue(caller)
    return { ticket, expiresAt: expiresAt.toISOString(), path: `${REALTIME_PATH}?ticket=${ticket}` }
  }

  /** Handles upgrades on `server` for the Live path; other paths are left to other listeners. */
  attach(server: Pick<Server, 'on' | 'listenerCount'>): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://gateway')
      if (url.pathname !== REALTIME_PATH) {
        if (server.listenerCount('upgrade') === 1) rejectHandshake(socket, 404, 'Not Found')
        return
      }
      if (this.#closing) return rejectHandshake(socket, 503, 'Service Unavailable')
      socket.on('error', () => socket.destroy())
      this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, url.searchParams.get('ticket')))
    })
  }

  #accept(ws: WebSocket, ticket: string | null): void {
    const status = this.status()
    if (!status.available || !this.#tokens) {
      return refuse(
        ws,
        { type: 'error', code: 'realtime_off', message: status.reason!, fatal: true },
        LIVE_CLOSE.off
      )
    }
    const redeemed = this.#tickets.redeem(ticket)
    if (!redeemed.ok) {
      return refuse(
        ws,
        { type: 'error', code: 'ticket_invalid', message: redeemed.message, fatal: true },
        LIVE_CLOSE.ticket
      )
    }
    const { settings, meter, stillAllowed, logger } = this.#options
    const session: LiveSession = new LiveSession(ws, {
      caller: redeemed.caller,
      tokens: this.#tokens,
      falUrl: socketUrl(settings.url, FAL_LCM_APP),
      meter,
      ...(stillAllowed ? { stillAllowed } : {}),
      idleMs: settings.idleMs,
      frameTimeoutMs: settings.frameTimeoutMs,
      logger: logger.child({ live: redeemed.caller.name }),
      onEnd: () => this.#sessions.delete(session)
    })
    this.#sessions.add(session)
  }

  /** Tells every Live client the gateway is going away, then closes their sockets. */
  async close(): Promise<void> {
    this.#closing = true
    for (const session of [...this.#sessions]) {
      session.close(
        'shutting_down',
        'The gateway is restarting; Live will reconnect when you change something.',
        1001
      )
    }
    const clients = [...this.#wss.clients]
    const closed = Promise.all(
      clients.map((ws) =>
        ws.readyState === WebSocket.CLOSED
          ? undefined
          : new Promise<void>((resolve) => ws.once('close', () => resolve()))
      )
    )
    const timer = setTimeout(() => clients.forEach((ws) => ws.terminate()), CLOSE_GRACE_MS)
    await closed
    clearTimeout(timer)
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()))
  }
}

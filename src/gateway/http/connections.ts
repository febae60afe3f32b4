/**
 * Connection hygiene for the Node server: timeouts so a slow client cannot hold a connection forever, a
 * total cap so the process keeps file descriptors for others, a per-address cap so one client cannot take
 * them all, and a bounded linger after an early answer so the client can read it.
 */
import { IncomingMessage, type Server, type ServerOptions, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

import type { GatewayConfig } from '../env.js'
import type { Logger } from '../log.js'

export type ConnectionLimits = Pick<
  GatewayConfig,
  | 'maxConnections'
  | 'maxConnectionsPerAddress'
  | 'headersTimeoutMs'
  | 'requestTimeoutMs'
  | 'keepAliveTimeoutMs'
  | 'maxBodyBytes'
>

/** Node checks the header and request timeouts on this interval; a quarter of the header timeout. */
function checkingInterval(limits: ConnectionLimits): number {
  return Math.min(5_000, Math.max(50, Math.floor(limits.headersTimeoutMs / 4)))
}

/** Options for `http.createServer`. */
export function serverOptions(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: checkingInterval(limits)
  }
}

/** Refused connections are logged at most this often, with a count, so a flood does not flood the log. */
const REFUSAL_LOG_EVERY_MS = 10_000

const addressOf = (socket: Socket): string | undefined => socket.remoteAddress?.replace(/^::ffff:/, '')

/** Applies the caps to a listening (or about to listen) server. */
export function guardConnections(server: Server, limits: ConnectionLimits, logger: Logger): void {
  server.maxConnections = limits.maxConnections
  server.keepAliveTimeout = limits.keepAliveTimeoutMs
  const open = new Map<string, number>()
  let refused = 0
  let lastLogged = 0
  server.on('connection', (socket: Socket) => {
    const address = addressOf(socket)
    if (address === undefined) return
    const count = open.get(address) ?? 0
    if (count >= limits.maxConnectionsPerAddress) {
      // Nothing has been read yet: closing now costs the client nothing but this connection.
      socket.destroy()
      refused++
      if (Date.now() - lastLogged >= REFUSAL_LOG_EVERY_MS) {
        lastLogged = Date.now()
        logger.warn(
          { refused, perAddress: limits.maxConnectionsPerAddress },
          'refused connections over the per-address cap (RELIGHT_MAX_CONNECTIONS_PER_ADDRESS)'
        )
        refused = 0
      }
      return
    }
    open.set(address, count + 1)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left > 0) open.set(address, left)
      else open.delete(address)
    })
  })
}

/** What the gateway reads and throws away after answering early (a 413) so the client can read it. */
export interface LingerLimits {
  readonly maxBytes: number
  readonly maxMs: number
}

export function lingerLimits(limits: Pick<ConnectionLimits, 'maxBodyBytes'>): LingerLimits {
  return { maxBytes: Math.max(64 * 1024 ** 2, 2 * limits.maxBodyBytes), maxMs: 30_000 }
}

/**
 * When the answer is sent before the request body has arrived (a refusal), keep reading and discarding
 * the body up to a bound: closing at once would reset the connection under a client still sending, and it
 * would see a network error instead of the answer. Past the bound the connection is closed.
 */
export function lingerAfterAnswer(incoming: unknown, outgoing: unknown, limits: LingerLimits): void {
  // HTTP/2 streams end on their own; only HTTP/1 shares the connection with the unread body.
  if (!(incoming instanceof IncomingMessage) || !(outgoing instanceof ServerResponse)) return
  outgoing.once('finish', () => {
    if (incoming.complete || incoming.destroyed) return
    let read = 0
    const stop = (): void => {
      clearTimeout(timer)
      incoming.off('data', count)
      incoming.off('end', stop)
      incoming.off('close', stop)
    }
    const cut = (): void => {
      stop()
      incoming.socket?.destroy()
    }
    const count = (chunk: Buffer): void => {
      read += chunk.length
      if (read > limits.maxBytes) cut()
    }
    const timer = setTimeout(cut, limits.maxMs) as unknown as NodeJS.Timeout
    timer.unref()
    incoming.on('data', count)
    incoming.once('end', stop)
    incoming.once('close', stop)
    // A body nobody reads (refused before reading) is discarded; one being read keeps its reader.
    if (incoming.listenerCount('data') === 1) incoming.resume()
  })
}

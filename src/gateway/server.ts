/**
 * The gateway's entry: read the configuration, build the gateway, listen on HOST:PORT, and shut down
 * gracefully on SIGINT/SIGTERM. `npm run gateway` runs this file; `relight-gateway` calls `serve()`.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'

import { type Http2Bindings, type HttpBindings, serve as listen, type ServerType } from '@hono/node-server'

import { activeTokenCount, assertCanListen } from './auth/listen-policy.js'
import { ConfigError, type GatewayConfig, loadConfig } from './env.js'
import { createGateway, type Gateway, type GatewayOverrides } from './gateway.js'
import { guardConnections, lingerAfterAnswer, lingerLimits, serverOptions } from './http/connections.js'
import { openStore } from './store/open.js'

export interface RunningGateway {
  readonly gateway: Gateway
  readonly server: ServerType
  /** The base URL it listens on, e.g. http://127.0.0.1:8787 */
  readonly url: string
  close(): Promise<void>
}

/** How long open connections (event streams, uploads) get to finish on shutdown. */
const SHUTDOWN_GRACE_MS = 5_000

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

/** Builds the gateway and listens; resolves once `/healthz` answers. */
export async function startGateway(
  config: GatewayConfig,
  overrides: GatewayOverrides = {}
): Promise<RunningGateway> {
  // A custom auth hook decides for itself; the built-in one needs a token off loopback.
  if (!overrides.auth) assertCanListen(config, await activeTokenCount(config))
  const gateway = await createGateway(config, overrides)
  const { server, address } = await new Promise<{ server: ServerType; address: AddressInfo }>(
    (resolve, reject) => {
      const linger = lingerLimits(config)
      const server = listen(
        {
          fetch: (request: Request, env: HttpBindings | Http2Bindings) => {
            lingerAfterAnswer(env.incoming, env.outgoing, linger)
            return gateway.app.fetch(request, env)
          },
          hostname: config.host,
          port: config.port,
          serverOptions: serverOptions(config),
          // The linger above decides how long an unread body is drained, not the adapter's 500 ms.
          autoCleanupIncoming: false
        },
        (address) => resolve({ server, address })
      )
      guardConnections(server as Server, config, gateway.logger)
      server.once('error', reject)
    }
  )
  gateway.realtime.attach(server as Server)
  let closing: Promise<void> | undefined
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      await gateway.close() // ends event streams, so their connections can close
      const force = setTimeout(
        () => 'closeAllConnections' in server && server.closeAllConnections(),
        SHUTDOWN_GRACE_MS
      )
      await closed
      clearTimeout(force)
    })())
  return { gateway, server, url: urlOf(address), close }
}

/** `relight-gateway` / `npm run gateway`: serve until SIGINT/SIGTERM. Exits 1 on a bad configuration. */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: GatewayConfig
  try {
    config = loadConfig(env)
    assertCanListen(config, await activeTokenCount(config))
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`relight-gateway: ${error.message}`)
    process.exit(1)
  }
  const running = await openStore(config)
    .then((store) => startGateway(config, { store }))
    .catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code
      const reason =
        code === 'EADDRINUSE'
          ? `port ${config.port} is already in use; set PORT to another port`
          : code === 'SQLITE_BUSY' || code === 'SQLITE_CANTOPEN'
            ? `the jobs database in ${config.dataDir} cannot be opened (${code}); check RELIGHT_DATA_DIR`
            : String(error)
      console.error(`relight-gateway: cannot start: ${reason}.`)
      process.exit(1)
    })
  const auth = (await running.gateway.access.authOn()) ? 'tokens required' : 'auth off: loopback, no tokens'
  console.log(`Relight gateway listening on ${running.url} (${auth})`)
  const stop = (signal: string): void => {
    running.gateway.logger.info({ signal }, 'shutting down')
    void running.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void serve()
}

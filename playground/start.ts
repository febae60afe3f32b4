/**
 * `npm start` (after the build): the gateway with the Studio engine and the playground on one server,
 * http://localhost:8787 by default (HOST and PORT as for the gateway). Tests call startPlayground({ port: 0 }).
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'

import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'

import { ConfigError, type GatewayConfig, loadConfig } from '../src/gateway/env.js'
import { createGateway } from '../src/gateway/gateway.js'
import { SqliteJobStore } from '../src/gateway/store/sqlite-store.js'
import { startPlaygroundFakeFal, wantsFakeFal } from './fake-fal.js'
import { assertPluginBuilt, createPlaygroundApp, MissingBuildError } from './server.js'

export interface Playground {
  /** The playground page, e.g. http://localhost:8787/playground/ */
  readonly url: string
  /** The server's origin, where the gateway answers too, e.g. http://localhost:8787 */
  readonly origin: string
  close(): Promise<void>
}

export interface PlaygroundOptions extends Partial<GatewayConfig> {
  readonly env?: Readonly<Record<string, string | undefined>>
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const { env = {}, ...overrides } = options
  assertPluginBuilt()
  const loaded: GatewayConfig = { ...loadConfig(env), ...overrides }
  // RELIGHT_PLAYGROUND_FAKE_FAL=1: fal's models (and Live) against the test fakes, with a made-up key.
  const fakeFal = wantsFakeFal(env) ? await startPlaygroundFakeFal(loaded) : undefined
  const config: GatewayConfig = { ...loaded, ...fakeFal?.config }
  // The same durable store as `npm run gateway`: relights survive a restart of the playground too.
  const store = await SqliteJobStore.open({ dir: config.dataDir, retentionMs: config.retentionMs })
  const gateway = await createGateway(config, { store })
  const parent = new Hono()
  parent.route('/', await createPlaygroundApp())
  parent.route('/', gateway.app)

  const { server, address } = await new Promise<{ server: ServerType; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch: parent.fetch, hostname: config.host, port: config.port }, (address) =>
        resolve({ server, address })
      )
      server.once('error', reject)
    }
  )
  gateway.realtime.attach(server as Server)
  // localhost rather than 127.0.0.1: the plugin's default gateway URL and devAllowedDomains use it.
  const local = ['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::'].includes(config.host)
  const host = local ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host
  const origin = `http://${host}:${address.port}`
  return {
    url: `${origin}/playground/`,
    origin,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      await gateway.close()
      if ('closeAllConnections' in server) server.closeAllConnections()
      await closed
      await fakeFal?.close()
    }
  }
}

export async function main(): Promise<void> {
  try {
    const playground = await startPlayground({ env: process.env })
    console.log(
      `Relight playground: ${playground.url}  (gateway on ${playground.origin}, Studio engine, no keys needed)`
    )
    const stop = () => void playground.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      error instanceof ConfigError || error instanceof MissingBuildError
        ? error.message
        : code === 'EADDRINUSE'
          ? 'the port is already in use; set PORT to another port'
          : String(error)
    console.error(`playground: cannot start: ${reason}`)
    process.exit(1)
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) void main()

/**
 * The composition root: config → logger, store, providers, job service, app. Another module can mount
 * `gateway.app` under its own Hono app (`parent.route('/', gateway.app)`) and call `close()` on shutdown.
 */
import type { Hono } from 'hono'

import { createApp } from './app.js'
import type { Authenticate } from './auth.js'
import type { GatewayConfig } from './env.js'
import type { GatewayEnv } from './http/context.js'
import { MemoryJobStore } from './jobs/memory-store.js'
import { JobService } from './jobs/service.js'
import type { JobStore } from './jobs/types.js'
import { createLogger, type Logger } from './log.js'
import {
  createProviderRegistry,
  defaultProviders,
  type ProviderRegistry,
  type ProviderSet
} from './providers/registry.js'

export interface GatewayOverrides {
  /** Replaces the in-memory store (issue 5: SQLite; tests: a store double). */
  readonly store?: JobStore
  /** Replaces or adds provider adapters by provider name (tests register slow doubles here). */
  readonly providers?: ProviderSet
  readonly auth?: Authenticate
  readonly logger?: Logger
  readonly now?: () => Date
}

export interface Gateway {
  readonly app: Hono<GatewayEnv>
  readonly jobs: JobService
  readonly providers: ProviderRegistry
  readonly logger: Logger
  /** Stops running calls, ends event streams and closes the store. */
  close(): Promise<void>
}

export async function createGateway(
  config: GatewayConfig,
  overrides: GatewayOverrides = {}
): Promise<Gateway> {
  const logger = overrides.logger ?? createLogger(config.logLevel)
  const store = overrides.store ?? new MemoryJobStore()
  const providers = createProviderRegistry(config, { ...defaultProviders(config), ...overrides.providers })
  const jobs = new JobService({
    store,
    providers,
    logger,
    maxPixels: config.maxPixels,
    concurrency: config.concurrency,
    jobTimeoutMs: config.jobTimeoutMs,
    ...(overrides.now ? { now: overrides.now } : {})
  })
  const resumed = await jobs.resume()
  if (resumed) logger.info({ resumed }, 'resumed unfinished jobs')
  const app = createApp({
    config,
    jobs,
    providers,
    logger,
    ...(overrides.auth ? { auth: overrides.auth } : {})
  })
  return {
    app,
    jobs,
    providers,
    logger,
    async close() {
      await jobs.close()
      await store.close()
    }
  }
}

/**
 * The composition root: config → logger, store, providers, job service, app. Another module can mount
 * `gateway.app` under its own Hono app (`parent.route('/', gateway.app)`) and call `close()` on shutdown.
 */
import type { Hono } from 'hono'

import { createApp } from './app.js'
import { type AccessControl, accessFor } from './auth/access.js'
import type { Authenticate } from './auth/caller.js'
import { withFinalHook } from './auth/final-hook.js'
import type { GatewayConfig } from './env.js'
import type { GatewayEnv } from './http/context.js'
import { MemoryJobStore } from './jobs/memory-store.js'
import { JobService } from './jobs/service.js'
import type { JobStore } from './jobs/types.js'
import { createLogger, type Logger } from './log.js'
import type { Provider } from './providers/contract.js'
import {
  createProviderRegistry,
  defaultProviders,
  type ProviderRegistry,
  type ProviderSet
} from './providers/registry.js'
import { RealtimeHub } from './realtime/hub.js'
import { openScaleOut } from './store/redis/scale-out.js'
import { startSweeper } from './store/sweeper.js'

export interface GatewayOverrides {
  /** Replaces the in-memory store: `serve()` passes the SQLite store; tests pass doubles or temp dirs. */
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
  /** Tokens, rate limit, quota and audit trail (auth.sqlite in the data directory). */
  readonly access: AccessControl
  /** Live: WebSocket upgrades on `/v1/realtime` (`realtime.attach(server)`), proxied to fal. */
  readonly realtime: RealtimeHub
  /** Stops running calls, ends event streams and closes the store. */
  close(): Promise<void>
}

/** Providers holding resources (the Studio worker threads) release them on close. */
async function closeProvider(provider: Provider | undefined): Promise<void> {
  if (provider && 'close' in provider && typeof provider.close === 'function') await provider.close()
}

/** Without tokens, whoever reaches the gateway spends the provider keys: say so, and how to stop it. */
async function warnOpenKeys(config: GatewayConfig, access: AccessControl, logger: Logger): Promise<void> {
  const keys = Object.entries(config.keys).flatMap(([name, value]) => (value ? [name] : []))
  if (!keys.length || (await access.authOn())) return
  logger.warn(
    { keys },
    'Provider keys are set but auth is off (no gateway tokens): any web page or program on this machine ' +
      'that gets past the Origin and Host checks could spend them. To require tokens, run ' +
      '`npx relight-gateway tokens create --name <name>`; auth turns on as soon as one exists.'
  )
}

export async function createGateway(
  config: GatewayConfig,
  overrides: GatewayOverrides = {}
): Promise<Gateway> {
  const logger = overrides.logger ?? createLogger(config.logLevel, { logPrompts: config.logPrompts })
  // REDIS_URL: store, events, job line and rate/quota counters shared with the other instances.
  const scale = config.redisUrl ? await openScaleOut(config, logger, overrides.store) : undefined
  const access = accessFor(config, logger, overrides.now, scale?.counters)
  await access.open()
  if (!overrides.auth) await warnOpenKeys(config, access, logger)
  const store =
    overrides.store ??
    scale?.store ??
    new MemoryJobStore({
      retentionMs: config.retentionMs,
      ...(config.keepAfterInsertMs === undefined ? {} : { keepAfterInsertMs: config.keepAfterInsertMs })
    })
  const providerSet = { ...defaultProviders(config), ...overrides.providers }
  const providers = createProviderRegistry(config, providerSet)
  const jobs = new JobService({
    store: withFinalHook(store, access.onFinal),
    providers,
    logger,
    maxPixels: config.maxPixels,
    secrets: Object.values(config.keys).filter((key): key is string => Boolean(key)),
    concurrency: config.concurrency,
    jobTimeoutMs: config.jobTimeoutMs,
    logPrompts: config.logPrompts,
    onErased: access.onErased,
    ...(overrides.now ? { now: overrides.now } : {}),
    ...(scale ? { events: scale.events, line: (start, lost) => scale.line.bind(start, lost) } : {})
  })
  await scale?.line.start()
  const resumed = await jobs.resume()
  if (resumed) logger.info({ resumed }, 'resumed unfinished jobs')
  // Shared line: a job whose entry was never added (Redis away at submit) is put in line again.
  const reconcile = scale
    ? (setInterval(
        () => void jobs.resume().catch(() => undefined),
        config.takeoverMs
      ) as unknown as NodeJS.Timeout)
    : undefined
  reconcile?.unref()
  const now = overrides.now ?? (() => new Date())
  const sweeper = startSweeper({ store, intervalMs: config.sweepIntervalMs, now, logger })
  void sweeper.sweep()
  const realtime = new RealtimeHub({
    settings: config.realtime,
    falKey: config.keys.FAL_KEY,
    meter: (caller) => access.frame(caller),
    // As for event streams: only the built-in auth can say a token was revoked.
    ...(overrides.auth ? {} : { stillAllowed: access.stillAllowed }),
    logger
  })
  const app = createApp({
    config,
    jobs,
    providers,
    logger,
    auth: overrides.auth ?? access.authenticate,
    admit: access.admit,
    usage: (caller) => access.usage(caller),
    realtime,
    // A custom auth hook's callers are not tokens: only the built-in auth can say one was revoked.
    ...(overrides.auth ? {} : { stillAllowed: access.stillAllowed }),
    ...(scale ? { redisReachable: () => scale.reachable() } : {})
  })
  return {
    app,
    jobs,
    providers,
    logger,
    access,
    realtime,
    async close() {
      await realtime.close()
      sweeper.stop()
      clearInterval(reconcile)
      await jobs.close()
      await scale?.close()
      await Promise.all(Object.values(providerSet).map(closeProvider))
      await store.close()
      access.close()
    }
  }
}

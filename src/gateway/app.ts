/**
 * The HTTP app: thin routes over the job core. `createApp` needs no port, so tests and other modules
 * (the playground mounts it with `parent.route('/', app)`) build it directly.
 */
import { Hono } from 'hono'

import type { HealthView } from '../protocol/api.js'
import { type Admit, type Authenticate, openAccess, type StillAllowed } from './auth/caller.js'
import type { GatewayConfig } from './env.js'
import { GatewayError } from './errors.js'
import type { GatewayEnv } from './http/context.js'
import { jobsRoutes } from './http/jobs-routes.js'
import {
  allowOnly,
  authenticate,
  corsFor,
  limitBody,
  notFound,
  onError,
  requestLog
} from './http/middleware.js'
import { relightRoute } from './http/relight-route.js'
import { usageRoutes, type UsageSource } from './http/usage-routes.js'
import type { JobService } from './jobs/service.js'
import type { Logger } from './log.js'
import type { ProviderRegistry } from './providers/registry.js'
import type { RealtimeHub } from './realtime/hub.js'
import { realtimeRoutes } from './realtime/routes.js'
import { redisUnavailable } from './store/redis/connection.js'
import { VERSION } from './version.js'

export interface AppDeps {
  readonly config: Pick<GatewayConfig, 'corsOrigins' | 'maxBodyBytes' | 'heartbeatMs'>
  readonly jobs: JobService
  readonly providers: ProviderRegistry
  readonly logger: Logger
  /** Decides the caller of every `/v1` request; open (owner "local") by default. */
  readonly auth?: Authenticate
  /** Checks the daily quota at submit; none by default. */
  readonly admit?: Admit
  /** Answers `GET /v1/usage`; the route is absent without it. */
  readonly usage?: UsageSource
  /** Asked while an event stream runs; a caller no longer allowed (token revoked) has its stream ended. */
  readonly stillAllowed?: StillAllowed
  /** Answers `GET /v1/realtime` and issues Live tickets; the routes are absent without it. */
  readonly realtime?: Pick<RealtimeHub, 'status' | 'issue'>
  /** Whether the shared Redis answers (REDIS_URL); absent on a single gateway. */
  readonly redisReachable?: () => Promise<boolean>
}

export function createApp(deps: AppDeps): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>()
  app.onError(onError)
  app.notFound(notFound)
  app.use('*', requestLog(deps.logger))
  app.use('*', corsFor(deps.config))

  app.get('/healthz', async (c) => {
    if (deps.jobs.closed.aborted) {
      throw new GatewayError(503, 'shutting_down', 'The gateway is restarting. Try again in a moment.')
    }
    if (deps.redisReachable && !(await deps.redisReachable())) throw redisUnavailable()
    const redis = deps.redisReachable ? { redis: 'reachable' as const } : {}
    return c.json({ ok: true, version: VERSION, ...redis } satisfies HealthView)
  })
  app.all('/healthz', allowOnly('GET'))

  app.use('/v1/*', limitBody(deps.config.maxBodyBytes))
  app.use('/v1/*', authenticate(deps.auth ?? openAccess, deps.jobs))
  app.get('/v1/models', (c) => c.json(deps.providers.models()))
  app.all('/v1/models', allowOnly('GET'))
  app.post('/v1/relight', relightRoute(deps.jobs, deps.config.maxBodyBytes, deps.admit))
  app.all('/v1/relight', allowOnly('POST'))
  if (deps.usage) app.route('/v1/usage', usageRoutes(deps.usage))
  if (deps.realtime) app.route('/v1/realtime', realtimeRoutes(deps.realtime))
  app.route('/v1/jobs', jobsRoutes(deps.jobs, deps.config.heartbeatMs, deps.stillAllowed))
  // Unknown /v1 paths answer JSON even when a parent app (with its own notFound) mounts this one.
  app.all('/v1/*', (c) => notFound(c))
  return app
}

/**
 * Everything several gateway instances share through one Redis (REDIS_URL): the job store, the job
 * events, and the job line. Built once per instance. The gateway closes the store itself, after the
 * job service has handed this instance's running jobs back to the line.
 */
import type { Redis } from 'ioredis'

import { isFinalStatus } from '../../../protocol/api.js'
import type { SharedCounters } from '../../auth/limiters.js'
import type { GatewayConfig } from '../../env.js'
import { BullJobLine } from '../../jobs/bull-queue.js'
import { RedisJobEvents } from '../../jobs/redis-events.js'
import type { JobStore } from '../../jobs/types.js'
import type { Logger } from '../../log.js'
import { redisRetention } from '../open.js'
import { connectRedis, guarded } from './connection.js'
import { RedisJobStore } from './store.js'

/** Events outlive their job's retention by a day, so a late stream still resumes with the right ids. */
const EVENTS_GRACE_MS = 24 * 3600_000

export interface ScaleOut {
  readonly store: JobStore
  readonly events: RedisJobEvents
  readonly line: BullJobLine
  /** Rate and quota counters (RateLimiterRedis) on the same connection. */
  readonly counters: SharedCounters
  /** Whether Redis answers now (for /healthz). */
  reachable(): Promise<boolean>
  close(): Promise<void>
}

export async function openScaleOut(
  config: GatewayConfig,
  logger: Logger,
  store?: JobStore
): Promise<ScaleOut> {
  const url = config.redisUrl
  if (!url) throw new Error('REDIS_URL is not set.')
  const prefix = config.redisPrefix
  const ownStore = store ? undefined : await RedisJobStore.open({ url, ...redisRetention(config) })
  const jobs = store ?? ownStore!
  const redis: Redis = await connectRedis(url)
  const events = await RedisJobEvents.open({
    url,
    prefix,
    ttlMs: config.retentionMs + EVENTS_GRACE_MS,
    onError: (err) => logger.warn({ err }, 'unreadable job event')
  })
  const line = new BullJobLine({
    url,
    prefix,
    redis,
    limits: config.concurrency,
    lockMs: config.takeoverMs,
    logger,
    settled: async (id) => {
      const job = await jobs.get(id)
      return !job || isFinalStatus(job.status)
    }
  })
  return {
    store: jobs,
    events,
    line,
    counters: { client: redis, prefix },
    async reachable() {
      return guarded(() => redis.ping()).then(
        () => true,
        () => false
      )
    },
    async close() {
      await events.close()
      await redis.quit().catch(() => redis.disconnect())
    }
  }
}

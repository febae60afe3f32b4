/**
 * The one place that builds rate-limiter-flexible limiters: in memory for one gateway, `RateLimiterRedis`
 * (same options plus the Redis client) when several instances share Redis, so a token's rate and quota
 * are counted once across all of them.
 */
import type { Redis } from 'ioredis'
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible'

import type { RateSetting } from './limits.js'

export interface Limiters {
  /** Requests per token per window. */
  readonly rate: RateLimiterAbstract
  /** Images per token per UTC day, keyed `owner|day`; the per-token limit is checked by the meter. */
  readonly quota: RateLimiterAbstract
  /** Counters outlive this process (Redis): no need to restore them from the audit trail at start. */
  readonly shared: boolean
}

/** The shared Redis (REDIS_URL) and the key prefix of this deployment. */
export interface SharedCounters {
  readonly client: Redis
  readonly prefix: string
}

/** A day key must outlive its day (a refund may arrive after midnight); two days is plenty. */
const QUOTA_KEY_SECONDS = 2 * 24 * 3600

export function createLimiters(rate: RateSetting, shared?: SharedCounters): Limiters {
  const rateOptions = { keyPrefix: 'relight-rate', points: rate.points, duration: rate.windowSeconds }
  const quotaOptions = {
    keyPrefix: 'relight-quota',
    points: Number.MAX_SAFE_INTEGER,
    duration: QUOTA_KEY_SECONDS
  }
  if (!shared) {
    return {
      rate: new RateLimiterMemory(rateOptions),
      quota: new RateLimiterMemory(quotaOptions),
      shared: false
    }
  }
  const redis = (options: typeof rateOptions) =>
    new RateLimiterRedis({
      ...options,
      keyPrefix: `${shared.prefix}${options.keyPrefix}`,
      storeClient: shared.client,
      // While Redis is away a request fails with the gateway's 503 instead of waiting.
      rejectIfRedisNotReady: true
    })
  return { rate: redis(rateOptions), quota: redis(quotaOptions), shared: true }
}

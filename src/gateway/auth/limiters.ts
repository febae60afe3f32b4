/**
 * The one place that builds rate-limiter-flexible limiters. Memory now; a multi-instance deployment swaps
 * in `RateLimiterRedis` here (same options plus `storeClient`) and sets `shared`, and nothing else changes.
 */
import { type RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible'

import type { RateSetting } from './limits.js'

export interface Limiters {
  /** Requests per token per window. */
  readonly rate: RateLimiterAbstract
  /** Images per token per UTC day, keyed `owner|day`; the per-token limit is checked by the meter. */
  readonly quota: RateLimiterAbstract
  /** Counters outlive this process (Redis): no need to restore them from the audit trail at start. */
  readonly shared: boolean
}

/** A day key must outlive its day (a refund may arrive after midnight); two days is plenty. */
const QUOTA_KEY_SECONDS = 2 * 24 * 3600

export function createLimiters(rate: RateSetting): Limiters {
  return {
    rate: new RateLimiterMemory({
      keyPrefix: 'relight-rate',
      points: rate.points,
      duration: rate.windowSeconds
    }),
    quota: new RateLimiterMemory({
      keyPrefix: 'relight-quota',
      points: Number.MAX_SAFE_INTEGER,
      duration: QUOTA_KEY_SECONDS
    }),
    shared: false
  }
}

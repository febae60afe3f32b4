/**
 * Per-token request rate and daily image quota on rate-limiter-flexible. The quota counts images
 * (numImages) when a relight is accepted, and gives them back when no job came of it (refused, replayed)
 * or the job ended before reaching the provider.
 */
import { RateLimiterRes } from 'rate-limiter-flexible'

import type { UsageView } from '../../protocol/api.js'
import { asUnavailable } from '../store/redis/connection.js'
import type { Caller } from './caller.js'
import type { Limiters } from './limiters.js'
import { quotaDay, quotaResetAt, type RateSetting } from './limits.js'
import { tooMany } from './refusals.js'

const key = (owner: string, day: string): string => `${owner}|${day}`
const plural = (n: number): string => `${n} relight${n === 1 ? '' : 's'}`

/** A rejected consume resolves to a RateLimiterRes; anything else (a store failure) is a real error. */
async function attempt(run: Promise<RateLimiterRes>): Promise<RateLimiterRes | { rejected: RateLimiterRes }> {
  try {
    return await run
  } catch (error) {
    if (error instanceof RateLimiterRes) return { rejected: error }
    throw asUnavailable(error)
  }
}

export class Meter {
  constructor(
    private readonly limiters: Limiters,
    private readonly rate: RateSetting,
    private readonly now: () => Date
  ) {}

  /** Counts one request; a 429 with Retry-After once the token is over its rate. */
  async request(caller: Caller): Promise<void> {
    const result = await attempt(this.limiters.rate.consume(caller.owner))
    if ('rejected' in result) {
      const seconds = Math.max(1, Math.ceil(result.rejected.msBeforeNext / 1000))
      throw tooMany('rate_limited', `Too many requests; try again in ${seconds} s.`, seconds)
    }
  }

  /** Takes `images` from today's quota, or refuses with a 429 that says when it resets. */
  async reserve(caller: Caller, images: number): Promise<string> {
    const now = this.now()
    const day = quotaDay(now)
    const limit = caller.dailyQuota ?? null
    const result = await attempt(this.limiters.quota.consume(key(caller.owner, day), images))
    if ('rejected' in result) throw result.rejected // the quota limiter's own ceiling is never reached
    if (limit === null || result.consumedPoints <= limit) return day
    await this.limiters.quota.reward(key(caller.owner, day), images)
    const seconds = Math.ceil((quotaResetAt(now).getTime() - now.getTime()) / 1000)
    const left = limit - (result.consumedPoints - images)
    const message =
      left <= 0
        ? `You've used today's ${plural(limit)}; the quota resets at 00:00 UTC.`
        : `This relight makes ${images} images, but only ${left} ${left === 1 ? 'image is' : 'images are'} ` +
          `left of today's ${limit}; ask for fewer, or wait until the quota resets at 00:00 UTC.`
    throw tooMany('quota_exceeded', message, seconds)
  }

  /** Gives images back to the day they were taken from. */
  async refund(owner: string, day: string, images: number): Promise<void> {
    const current = await this.limiters.quota.get(key(owner, day))
    const back = Math.min(images, current?.consumedPoints ?? 0)
    if (back > 0) await this.limiters.quota.reward(key(owner, day), back)
  }

  /** Seeds today's counters (after a restart with in-memory limiters) from the audit trail's totals. */
  async restore(day: string, used: ReadonlyMap<string, number>): Promise<void> {
    if (this.limiters.shared) return
    const seconds =
      Math.ceil((quotaResetAt(new Date(`${day}T00:00:00Z`)).getTime() - Date.now()) / 1000) + 86400
    for (const [owner, images] of used) {
      if (images > 0) await this.limiters.quota.set(key(owner, day), images, Math.max(60, seconds))
    }
  }

  async usage(caller: Caller): Promise<UsageView> {
    const now = this.now()
    const used = (await this.limiters.quota.get(key(caller.owner, quotaDay(now))))?.consumedPoints ?? 0
    const rate = await this.limiters.rate.get(caller.owner)
    const limit = caller.dailyQuota ?? null
    return {
      name: caller.name,
      used,
      limit,
      remaining: limit === null ? null : Math.max(0, limit - used),
      resetAt: quotaResetAt(now).toISOString(),
      rate: {
        limit: this.rate.points,
        windowSeconds: this.rate.windowSeconds,
        remaining: rate ? rate.remainingPoints : this.rate.points,
        resetAt: new Date(Date.now() + (rate?.msBeforeNext ?? this.rate.windowSeconds * 1000)).toISOString()
      }
    }
  }
}

/**
 * Access settings from the environment (RELIGHT_RATE_LIMIT, RELIGHT_DAILY_QUOTA, RELIGHT_AUTH), read by
 * env.ts like every other setting. Throws a `ConfigError` naming the variable.
 */
import { ConfigError } from '../config-error.js'
import { parseQuota, parseRate, type RateSetting, UNLIMITED } from './limits.js'

export interface AccessSettings {
  /** Requests per token (RELIGHT_RATE_LIMIT, e.g. "120/min"). */
  readonly rateLimit: RateSetting
  /** Images a day for tokens created without --quota (RELIGHT_DAILY_QUOTA); undefined = unlimited. */
  readonly dailyQuota: number | undefined
  /** RELIGHT_AUTH=required: tokens even on loopback (e.g. behind a reverse proxy on the same machine). */
  readonly authRequired: boolean
}

export function accessSettings(env: Readonly<Record<string, string | undefined>>): AccessSettings {
  const rawRate = env.RELIGHT_RATE_LIMIT?.trim() || '120/min'
  const rateLimit = parseRate(rawRate)
  if (!rateLimit) {
    throw new ConfigError(`RELIGHT_RATE_LIMIT must be requests per window like "120/min" (got "${rawRate}").`)
  }
  const rawQuota = env.RELIGHT_DAILY_QUOTA?.trim() || 'unlimited'
  const quota = parseQuota(rawQuota)
  if (quota === undefined) {
    throw new ConfigError(
      `RELIGHT_DAILY_QUOTA must be images a day like "200/day", or "unlimited" (got "${rawQuota}").`
    )
  }
  const auth = (env.RELIGHT_AUTH ?? '').trim().toLowerCase() || 'auto'
  if (auth !== 'auto' && auth !== 'required') {
    throw new ConfigError(`RELIGHT_AUTH must be "auto" or "required" (got "${auth}").`)
  }
  return { rateLimit, dailyQuota: quota === UNLIMITED ? undefined : quota, authRequired: auth === 'required' }
}

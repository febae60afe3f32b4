/** Limit settings: RELIGHT_RATE_LIMIT, RELIGHT_DAILY_QUOTA, --quota, and the UTC day a quota counts against. */
import { describe, expect, it } from 'vitest'

import {
  formatQuota,
  parseQuota,
  parseRate,
  quotaDay,
  quotaResetAt,
  UNLIMITED
} from '../../src/gateway/auth/limits.js'
import { ConfigError, loadConfig } from '../../src/gateway/env.js'

describe('limit settings', () => {
  it('reads rates per second, minute or hour; a bare number is per minute', () => {
    expect(parseRate('60/min')).toEqual({ points: 60, windowSeconds: 60 })
    expect(parseRate('5/s')).toEqual({ points: 5, windowSeconds: 1 })
    expect(parseRate('1000 / hour')).toEqual({ points: 1000, windowSeconds: 3600 })
    expect(parseRate('30')).toEqual({ points: 30, windowSeconds: 60 })
    for (const bad of ['0/min', 'fast', '60/fortnight', '-1']) expect(parseRate(bad)).toBeUndefined()
  })

  it('reads quotas as images a day, or unlimited', () => {
    expect(parseQuota('200/day')).toBe(200)
    expect(parseQuota('200')).toBe(200)
    expect(parseQuota('unlimited')).toBe(UNLIMITED)
    expect(parseQuota('lots')).toBeUndefined()
    expect(formatQuota(200)).toBe('200/day')
    expect(formatQuota(UNLIMITED)).toBe('unlimited')
  })

  it('counts a quota against the UTC day and resets it at the next 00:00 UTC', () => {
    const late = new Date('2026-11-22T23:59:59.500Z')
    expect(quotaDay(late)).toBe('2026-11-22')
    expect(quotaResetAt(late).toISOString()).toBe('2026-11-23T00:00:00.000Z')
    expect(quotaResetAt(new Date('2026-12-31T00:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z')
  })

  it('loads RELIGHT_RATE_LIMIT (default 120/min) and RELIGHT_DAILY_QUOTA (default unlimited)', () => {
    expect(loadConfig({})).toMatchObject({
      rateLimit: { points: 120, windowSeconds: 60 },
      dailyQuota: undefined
    })
    expect(loadConfig({ RELIGHT_RATE_LIMIT: '10/s', RELIGHT_DAILY_QUOTA: '200/day' })).toMatchObject({
      rateLimit: { points: 10, windowSeconds: 1 },
      dailyQuota: 200
    })
    expect(() => loadConfig({ RELIGHT_RATE_LIMIT: 'fast' })).toThrow(ConfigError)
    expect(() => loadConfig({ RELIGHT_DAILY_QUOTA: 'lots' })).toThrow(
      /RELIGHT_DAILY_QUOTA must be images a day/
    )
  })
})

/** RELIGHT_RETENTION and RELIGHT_SWEEP_INTERVAL: "24h", "90m", "7d"; a bad value stops the gateway with one line. */
import { describe, expect, it } from 'vitest'

import { ConfigError, loadConfig } from '../../../src/gateway/env.js'
import { parseDuration } from '../../../src/gateway/jobs/retention.js'

describe('retention configuration', () => {
  it('parses durations in seconds, minutes, hours and days', () => {
    expect(parseDuration('24h')).toBe(24 * 3600_000)
    expect(parseDuration('90m')).toBe(90 * 60_000)
    expect(parseDuration('7d')).toBe(7 * 86_400_000)
    expect(parseDuration(' 1.5H ')).toBe(5_400_000)
    for (const bad of ['', '24', 'h', '-1h', '0m', '1w', '24 hours'])
      expect(parseDuration(bad)).toBeUndefined()
  })

  it('defaults to 24 h retention and a 10 min sweep, and refuses an unreadable value', () => {
    expect(loadConfig({})).toMatchObject({
      retentionMs: 24 * 3600_000,
      sweepIntervalMs: 600_000,
      dataDir: '.data'
    })
    expect(loadConfig({ RELIGHT_RETENTION: '7d' }).retentionMs).toBe(7 * 86_400_000)
    expect(() => loadConfig({ RELIGHT_RETENTION: 'forever' })).toThrow(ConfigError)
    expect(() => loadConfig({ RELIGHT_RETENTION: 'forever' })).toThrow(/RELIGHT_RETENTION must be a duration/)
  })
})

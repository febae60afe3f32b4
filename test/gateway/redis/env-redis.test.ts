/** REDIS_URL is read only when set, and a malformed one is refused without echoing a password. */
import { describe, expect, it } from 'vitest'

import { ConfigError, loadConfig } from '../../../src/gateway/env.js'

describe('REDIS_URL', () => {
  it('is unset by default: the gateway keeps its embedded store', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined()
    expect(loadConfig({ REDIS_URL: '  ' }).redisUrl).toBeUndefined()
  })

  it('takes redis:// and rediss:// URLs', () => {
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379/2' }).redisUrl).toBe('redis://10.0.0.5:6379/2')
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380' }).redisUrl).toBe(
      'rediss://:pw@cache.internal:6380'
    )
  })

  it('refuses another scheme with one line that does not repeat the value', () => {
    for (const bad of ['http://:secret-pw@cache:6379', 'cache:6379', 'redis://']) {
      const error = (() => {
        try {
          loadConfig({ REDIS_URL: bad })
        } catch (caught) {
          return caught
        }
      })()
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as Error).message).toMatch(/^REDIS_URL must look like redis:\/\/host:6379/)
      expect((error as Error).message).not.toContain('secret-pw')
    }
  })
})

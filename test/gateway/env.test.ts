/** Configuration is parsed once; a bad value is one clear line naming the variable. */
import { describe, expect, it } from 'vitest'

import { ConfigError, loadConfig } from '../../src/gateway/env.js'

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:8787 with limits, info logs and no provider keys', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      maxBodyBytes: 30 * 1024 ** 2,
      maxPixels: 40_000_000
    })
    expect(config.logLevel).toBe('info')
    expect(config.corsOrigins).toEqual([])
    expect(config.concurrency.local).toBe(2)
  })

  it('reads sizes, origins and per-provider concurrency', () => {
    const config = loadConfig({
      PORT: '9000',
      RELIGHT_MAX_BODY_BYTES: '10mb',
      RELIGHT_CORS_ORIGINS: 'https://a.example, http://localhost:3000/ ,null',
      RELIGHT_CONCURRENCY: '4',
      RELIGHT_CONCURRENCY_LOCAL: '1'
    })
    expect(config.port).toBe(9000)
    expect(config.maxBodyBytes).toBe(10 * 1024 ** 2)
    expect(config.corsOrigins).toEqual(['https://a.example', 'http://localhost:3000'])
    expect(config.concurrency).toMatchObject({ local: 1, fal: 4 })
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ RELIGHT_MAX_BODY_BYTES: 'lots' }, /RELIGHT_MAX_BODY_BYTES/],
    [{ RELIGHT_CORS_ORIGINS: 'not a url' }, /RELIGHT_CORS_ORIGINS/],
    [{ RELIGHT_LOG_LEVEL: 'loud' }, /RELIGHT_LOG_LEVEL must be one of/]
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })
})

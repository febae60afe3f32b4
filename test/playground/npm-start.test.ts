import { describe, expect, it } from 'vitest'

import { buildEnv } from '../../playground/npm-start.js'

describe('npm start', () => {
  it('builds the plugin for the playground port, so the plugin reaches the playground’s own gateway', () => {
    expect(buildEnv({ PORT: '9123' }).RELIGHT_GATEWAY_URL).toBe('http://localhost:9123')
    expect(buildEnv({}).RELIGHT_GATEWAY_URL).toBe('http://localhost:8787')
  })

  it('keeps an explicit RELIGHT_GATEWAY_URL', () => {
    expect(buildEnv({ PORT: '9123', RELIGHT_GATEWAY_URL: 'https://relight.example.com' })).toMatchObject({
      RELIGHT_GATEWAY_URL: 'https://relight.example.com'
    })
  })
})

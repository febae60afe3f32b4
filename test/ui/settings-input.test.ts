import { describe, expect, it } from 'vitest'

import type { ModelView } from '../../src/protocol/api.js'
import { MODELS } from '../../src/protocol/catalog.js'
import { gatewayUrlProblem } from '../../ui/lib/gateway-url-problem.js'
import { normalizeToken } from '../../ui/lib/normalize-token.js'
import { unavailableGroups } from '../../ui/lib/unavailable-groups.js'

const FULL_ADDRESS = 'Enter the full address, like https://relight.example.com'

describe('gateway URL in Settings', () => {
  it('accepts empty (the built-in gateway) and full http(s) addresses, with or without a path', () => {
    for (const url of [
      '',
      '  ',
      'http://localhost:8787',
      'https://relight.example.com/',
      'https://x.test/relight'
    ]) {
      expect(gatewayUrlProblem(url), url).toBeUndefined()
    }
  })

  it('asks for the full address when the scheme is missing or it is not a URL at all', () => {
    expect(gatewayUrlProblem('localhost:8787')).toMatch(/needs http:\/\/ or https:\/\//)
    expect(gatewayUrlProblem('relight.example.com')).toContain(FULL_ADDRESS)
    expect(gatewayUrlProblem('localhost:8787')).toContain(FULL_ADDRESS)
    expect(gatewayUrlProblem('not a url')).toBe(`That is not a web address. ${FULL_ADDRESS}.`)
    expect(gatewayUrlProblem('ftp://relight.example.com')).toContain(FULL_ADDRESS)
    expect(gatewayUrlProblem('https://')).toContain(FULL_ADDRESS)
  })
})

describe('token in Settings', () => {
  it('accepts a pasted token with a "Bearer " prefix or stray spaces', () => {
    expect(normalizeToken('Bearer rlt_abc')).toBe('rlt_abc')
    expect(normalizeToken('  bearer   rlt_abc \n')).toBe('rlt_abc')
    expect(normalizeToken('rlt_abc')).toBe('rlt_abc')
  })
})

describe('unavailable models', () => {
  it('groups the full reasons, so none is cut off in the narrow dropdown', () => {
    const reason = 'FAL_KEY is not set on the gateway. Ask your admin to add it, or pick another model.'
    const models: ModelView[] = [
      { ...MODELS[0], available: true },
      { ...MODELS[0], id: 'a', label: 'IC-Light v2', available: false, unavailableReason: reason },
      { ...MODELS[0], id: 'b', label: 'IC-Light SD1.5', available: false, unavailableReason: reason },
      { ...MODELS[0], id: 'c', label: 'Replicate', available: false, unavailableReason: 'No key.' }
    ]
    expect(unavailableGroups(models)).toEqual([
      { reason, labels: ['IC-Light v2', 'IC-Light SD1.5'] },
      { reason: 'No key.', labels: ['Replicate'] }
    ])
  })
})

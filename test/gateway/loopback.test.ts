/**
 * One meaning of "this machine" for listening without tokens, the Host a tokenless gateway answers, and
 * plain-http provider URLs. These are the names on which those three places used to disagree.
 */
import { describe, expect, it } from 'vitest'

import { tokensRequired } from '../../src/gateway/auth/listen-policy.js'
import { assertLocalRequest } from '../../src/gateway/auth/local-requests.js'
import { ConfigError, loadConfig } from '../../src/gateway/env.js'
import { isLoopback } from '../../src/gateway/loopback.js'

const noExtras = { origins: [], hosts: [] }

describe('isLoopback', () => {
  it('takes localhost, ::1 bare or bracketed, and any dotted 127.x.y.z', () => {
    for (const name of [
      'localhost',
      'LOCALHOST',
      '::1',
      '[::1]',
      '127.0.0.1',
      '127.1.2.3',
      '127.255.255.255'
    ]) {
      expect(isLoopback(name), name).toBe(true)
    }
  })

  it('refuses DNS names that merely start with 127. and addresses outside 127/8', () => {
    for (const name of [
      '127.example.com',
      '127.0.0.1.nip.io',
      '127.0.0.256',
      '0.0.0.0',
      '10.0.0.1',
      '::',
      ''
    ]) {
      expect(isLoopback(name), name).toBe(false)
    }
  })
})

describe('the places that use it agree', () => {
  it('needs tokens to listen on a DNS name that starts with 127.', () => {
    expect(tokensRequired({ host: '127.example.com', authRequired: false })).toBe(true)
    expect(tokensRequired({ host: '127.0.0.2', authRequired: false })).toBe(false)
    expect(tokensRequired({ host: '::1', authRequired: false })).toBe(false)
  })

  it('accepts a plain-http provider URL on any loopback address, and refuses one on a look-alike name', () => {
    expect(loadConfig({ FAL_QUEUE_URL: 'http://127.0.0.2:9000' }).providerUrls.fal).toBe(
      'http://127.0.0.2:9000'
    )
    expect(loadConfig({ FAL_QUEUE_URL: 'http://[::1]:9000' }).providerUrls.fal).toBe('http://[::1]:9000')
    expect(() => loadConfig({ FAL_QUEUE_URL: 'http://127.example.com:9000' })).toThrow(ConfigError)
  })

  it('answers a tokenless request addressed to any loopback name and refuses a look-alike', () => {
    for (const host of ['localhost:8787', '127.0.0.2:8787', '[::1]:8787']) {
      expect(() => assertLocalRequest(new Headers({ host }), noExtras), host).not.toThrow()
    }
    expect(() => assertLocalRequest(new Headers({ host: '127.example.com:8787' }), noExtras)).toThrow(
      /answers only at localhost/
    )
  })
})

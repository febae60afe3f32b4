import { describe, expect, it } from 'vitest'

import { describeErrorBody } from '../../src/gateway/upstream/body.js'
import { codeForStatus, redact } from '../../src/gateway/upstream/errors.js'
import { UpstreamError } from '../../src/gateway/upstream/errors.js'
import { FAL_RESULT_HOSTS, isAllowedUrl, REPLICATE_RESULT_HOSTS } from '../../src/gateway/upstream/hosts.js'
import { logLines, progressFromLogs } from '../../src/gateway/upstream/progress.js'
import {
  backoffDelay,
  BASE_DELAY_MS,
  isRetryable,
  MAX_DELAY_MS,
  shouldRetry
} from '../../src/gateway/upstream/retry.js'
import { sniffImageType } from '../../src/protocol/image-type.js'
import { parseRetryAfter } from '../../src/protocol/retry-after.js'

describe('retry policy', () => {
  it('retries 429/502/503/504 on reads, adds 500 on polls, and only 429 on submits', () => {
    for (const status of [429, 502, 503, 504]) expect(isRetryable(status, 'read')).toBe(true)
    expect(isRetryable(500, 'read')).toBe(false)
    expect(isRetryable(500, 'poll')).toBe(true)
    expect(isRetryable(400, 'poll')).toBe(false)
    expect(isRetryable(503, 'submit')).toBe(false)
    expect(isRetryable(429, 'submit')).toBe(true)
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })

  it('backs off exponentially with bounded jitter, honoring and capping Retry-After', () => {
    expect(backoffDelay(0, undefined, () => 0.5)).toBe(BASE_DELAY_MS)
    expect(backoffDelay(2, undefined, () => 0.5)).toBe(BASE_DELAY_MS * 4)
    expect(backoffDelay(1, undefined, () => 1)).toBe(BASE_DELAY_MS * 2 * 1.25)
    expect(backoffDelay(1, undefined, () => 0)).toBe(BASE_DELAY_MS * 2 * 0.75)
    expect(backoffDelay(30, undefined, () => 1)).toBe(MAX_DELAY_MS)
    expect(backoffDelay(0, 7000)).toBe(7000)
    expect(backoffDelay(0, 3_600_000)).toBe(MAX_DELAY_MS)
  })

  it('repeats a submit only when it never reached the provider', () => {
    const err = (init: Partial<ConstructorParameters<typeof UpstreamError>[0]>) =>
      new UpstreamError({ code: 'unavailable', provider: 'fal', message: 'x', ...init })
    expect(shouldRetry(err({ reached: false }), 'submit')).toBe(true)
    expect(shouldRetry(err({}), 'submit')).toBe(false)
    expect(shouldRetry(err({ code: 'timeout' }), 'submit')).toBe(false)
    expect(shouldRetry(err({ status: 503 }), 'submit')).toBe(false)
    expect(shouldRetry(err({ code: 'timeout' }), 'read')).toBe(true)
    expect(shouldRetry(new Error('abort'), 'read')).toBe(false)
  })
})

describe('result hosts', () => {
  it("admits fal's CDN and its storage bucket only", () => {
    expect(isAllowedUrl('https://v3.fal.media/files/x.png', FAL_RESULT_HOSTS)).toBe(true)
    expect(isAllowedUrl('https://fal.media/files/x.png', FAL_RESULT_HOSTS)).toBe(true)
    expect(isAllowedUrl('https://storage.googleapis.com/falserverless/a/b.png', FAL_RESULT_HOSTS)).toBe(true)
    expect(isAllowedUrl('https://storage.googleapis.com/other-bucket/b.png', FAL_RESULT_HOSTS)).toBe(false)
    expect(isAllowedUrl('https://storage.googleapis.com/falserverless/../evil/b.png', FAL_RESULT_HOSTS)).toBe(
      false
    )
    expect(isAllowedUrl('https://evilfal.media/x.png', FAL_RESULT_HOSTS)).toBe(false)
    expect(isAllowedUrl('https://fal.media.evil.com/x.png', FAL_RESULT_HOSTS)).toBe(false)
    expect(isAllowedUrl('http://v3.fal.media/x.png', FAL_RESULT_HOSTS)).toBe(false)
    expect(isAllowedUrl('https://v3.fal.media:8443/x.png', FAL_RESULT_HOSTS)).toBe(false)
    expect(isAllowedUrl('https://user:pw@v3.fal.media/x.png', FAL_RESULT_HOSTS)).toBe(false)
  })

  it('admits replicate.delivery and the configured base origin', () => {
    expect(isAllowedUrl('https://replicate.delivery/pbxt/a.webp', REPLICATE_RESULT_HOSTS)).toBe(true)
    expect(isAllowedUrl('https://pbxt.replicate.delivery/a.webp', REPLICATE_RESULT_HOSTS)).toBe(true)
    expect(isAllowedUrl('https://replicate.com/a.webp', REPLICATE_RESULT_HOSTS)).toBe(false)
    expect(
      isAllowedUrl('http://127.0.0.1:9999/files/a', REPLICATE_RESULT_HOSTS, 'http://127.0.0.1:9999/v1')
    ).toBe(true)
    expect(
      isAllowedUrl('http://127.0.0.1:9998/files/a', REPLICATE_RESULT_HOSTS, 'http://127.0.0.1:9999/v1')
    ).toBe(false)
    expect(isAllowedUrl('not a url', REPLICATE_RESULT_HOSTS)).toBe(false)
  })
})

describe('helpers', () => {
  it('sniffs PNG, JPEG, WebP and refuses the rest', () => {
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png')
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp')
    expect(sniffImageType(new TextEncoder().encode('<html>'))).toBeUndefined()
  })

  it('reads progress from tqdm bars, the latest one winning', () => {
    expect(
      progressFromLogs(' 10%|█         | 3/28 [00:01<00:09]\n 50%|█████     | 14/28 [00:04<00:04]')
    ).toBe(0.5)
    expect(progressFromLogs(['Loading', ' 25%|██▌       | 5/20 [00:02<00:06]'])).toBe(0.25)
    expect(progressFromLogs('100%|██████████| 25/25 [00:08<00:00]')).toBe(1)
    expect(progressFromLogs('Seed: 42\nLoading weights')).toBeUndefined()
    expect(logLines('a\r 10%|\r 20%|\n\nb\n')).toEqual(['20%|', 'b'])
  })

  it('maps statuses to codes, Segmind 406 by override', () => {
    expect(codeForStatus(401)).toBe('unauthorized')
    expect(codeForStatus(402)).toBe('no_credits')
    expect(codeForStatus(403)).toBe('no_credits')
    expect(codeForStatus(422)).toBe('invalid_input')
    expect(codeForStatus(406)).toBe('invalid_input')
    expect(codeForStatus(406, { 406: 'no_credits' })).toBe('no_credits')
    expect(codeForStatus(429)).toBe('rate_limited')
    expect(codeForStatus(503)).toBe('unavailable')
  })

  it('redacts a secret in plain, URL-encoded and base64 form', () => {
    const secret = 'abc:def/123'
    const text = `key=${secret} enc=${encodeURIComponent(secret)} b64=${Buffer.from(secret).toString('base64')}`
    expect(redact(text, [secret])).toBe('key=[redacted] enc=[redacted] b64=[redacted]')
  })

  it("names the field from fal's and Replicate's validation errors", () => {
    expect(
      describeErrorBody(JSON.stringify({ detail: [{ loc: ['body', 'image_size'], msg: 'too big' }] }))
    ).toEqual({
      detail: 'too big',
      field: 'image_size'
    })
    expect(
      describeErrorBody(
        JSON.stringify({
          title: 'Input validation failed',
          invalid_fields: [{ field: 'input.width', description: 'must be ≤ 1024' }]
        })
      )
    ).toEqual({ detail: 'must be ≤ 1024', field: 'width' })
    expect(describeErrorBody(JSON.stringify({ error: 'Not enough credits' }))).toEqual({
      detail: 'Not enough credits'
    })
    expect(describeErrorBody('<html>bad gateway</html>')).toEqual({})
  })
})

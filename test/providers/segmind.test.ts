import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createSegmindClient } from '../../src/gateway/providers/segmind/ic-light.js'
import { mapSegmindInput } from '../../src/gateway/providers/segmind/map-ic-light.js'
import { LIGHT_SOURCES, OUTPUT_FORMATS } from '../../src/protocol/options.js'
import { type FakeSegmind, startFakeSegmind } from '../../testkit/fakes/segmind.js'
import { catchError, expectNoSecret, relightInput, SEGMIND_KEY, testUpstream } from './helpers.js'
import { defaultRequestBody, docSpellings, expectDocumentedBody } from './provider-docs.js'

const IC_LIGHT = 'segmind/ic-light'

describe('segmind/ic-light mapping', () => {
  it('sends every documented field with the documented defaults, the subject as plain base64', () => {
    const body = mapSegmindInput(relightInput({ model: 'segmind/ic-light' }))
    expectDocumentedBody(IC_LIGHT, body)
    expect(body).toEqual({
      ...defaultRequestBody(IC_LIGHT),
      prompt: 'warm sunset',
      subject_image: 'iVBORw0KGgo=',
      seed: 7,
      width: 512,
      height: 640,
      // Relight asks for PNG: Figma cannot place the documented default, WebP.
      output_format: 'png'
    })
  })

  it.each(LIGHT_SOURCES)(
    'spells light source %s as Segmind light_source (docs/providers.md)',
    (lightSource) => {
      const body = mapSegmindInput(relightInput({ model: 'segmind/ic-light', lightSource }))
      expect(body.light_source).toBe(docSpellings('light-sources', IC_LIGHT)[lightSource])
      expectDocumentedBody(IC_LIGHT, body)
    }
  )

  it.each(OUTPUT_FORMATS)('spells output format %s (docs/providers.md)', (outputFormat) => {
    const body = mapSegmindInput(relightInput({ model: 'segmind/ic-light', outputFormat }))
    expect(body.output_format).toBe(docSpellings('output-formats', IC_LIGHT)[outputFormat])
    expectDocumentedBody(IC_LIGHT, body)
  })
})

describe('Segmind protocol', () => {
  let seg: FakeSegmind
  beforeEach(async () => {
    seg = await startFakeSegmind({ key: SEGMIND_KEY, credits: 2 })
  })
  afterEach(() => seg.close())

  const client = (key = SEGMIND_KEY, timeoutMs?: number) => {
    const t = testUpstream('segmind', seg.url, key, timeoutMs ? { timeoutMs } : {})
    return {
      ...t,
      segmind: createSegmindClient({
        upstream: t.upstream,
        apiUrl: seg.url,
        key,
        ...(timeoutMs ? { timeoutMs } : {})
      })
    }
  }

  it('POSTs /ic-light with x-api-key and answers with the image bytes and credits left', async () => {
    const { segmind } = client()
    const body = mapSegmindInput(relightInput({ model: 'segmind/ic-light', outputFormat: 'png' }))
    const image = await segmind.run({ ...body, width: 64, height: 64 })
    expect(image.contentType).toBe('image/png')
    expect(image.remainingCredits).toBe(1)
    const [req] = seg.requests
    expect(req).toMatchObject({ method: 'POST', url: '/ic-light' })
    expect(req!.headers['x-api-key']).toBe(SEGMIND_KEY)
    expect(req!.headers.authorization).toBeUndefined()
    expect(req!.body).toMatchObject({ prompt: 'warm sunset', light_source: 'None', output_format: 'png' })
  })

  it('turns 406 into "out of credits" and 401 into a rejected key, never echoing the key', async () => {
    seg.credits = 0
    const { segmind, logs } = client()
    const broke = await catchError(segmind.run({}))
    expect(broke).toMatchObject({ code: 'no_credits', status: 406 })
    expect(broke.message).toMatch(/out of credits/)
    const wrong = 'SG_wrong_key_0000000000'
    const { segmind: bad } = client(wrong)
    const rejected = await catchError(bad.run({}))
    expect(rejected).toMatchObject({ code: 'unauthorized' })
    expect(rejected.message).toMatch(/SEGMIND_API_KEY/)
    expectNoSecret(SEGMIND_KEY, broke, rejected, logs)
    expectNoSecret(wrong, rejected)
  })

  it('does not repeat a call that timed out or failed with 500 (it may have billed)', async () => {
    seg.fault({ path: /ic-light/ }, { kind: 'status', status: 500, body: { error: 'Server had some issue' } })
    const { segmind } = client(SEGMIND_KEY, 150)
    await expect(segmind.run({})).rejects.toMatchObject({ code: 'unavailable', status: 500 })
    seg.fault({ path: /ic-light/ }, { kind: 'hang' })
    await expect(segmind.run({})).rejects.toMatchObject({ code: 'timeout' })
    expect(seg.requests).toHaveLength(2)
  })

  it('refuses an answer that is not an image', async () => {
    seg.fault({ path: /ic-light/ }, { kind: 'status', status: 200, body: { status: 'ok' } })
    const { segmind } = client()
    await expect(segmind.run({})).rejects.toMatchObject({ code: 'bad_response' })
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import {
  mapIclGlobInput,
  REPLICATE_ICL_GLOB_MODEL
} from '../../src/gateway/providers/replicate/map-icl-glob.js'
import { createReplicatePredictions } from '../../src/gateway/providers/replicate/predictions.js'
import { downloadImage } from '../../src/gateway/upstream/download.js'
import { LIGHT_SOURCES, OUTPUT_FORMATS } from '../../src/protocol/options.js'
import { type FakeReplicate, startFakeReplicate } from '../../testkit/fakes/replicate.js'
import {
  catchError,
  expectNoSecret,
  IMAGE_URI,
  relightInput,
  REPLICATE_TOKEN,
  testUpstream
} from './helpers.js'
import { defaultRequestBody, docSpellings, expectDocumentedBody } from './provider-docs.js'

const ICL_GLOB = 'fater-ai/icl-glob-v1'

describe('replicate/icl-glob-v1 mapping', () => {
  it('sends every documented field with the documented defaults (docs/providers.md)', () => {
    const body = mapIclGlobInput(relightInput({ model: 'replicate/icl-glob-v1' }))
    expectDocumentedBody(ICL_GLOB, body)
    expect(body).toEqual({
      ...defaultRequestBody(ICL_GLOB),
      image: IMAGE_URI,
      prompt: 'warm sunset',
      width: 512,
      height: 640,
      seed: 7,
      // Relight asks for PNG: Figma cannot place the documented default, WebP.
      output_format: 'png'
    })
  })

  it.each(LIGHT_SOURCES)(
    'spells light source %s as Replicate light_source (docs/providers.md)',
    (lightSource) => {
      const body = mapIclGlobInput(relightInput({ model: 'replicate/icl-glob-v1', lightSource }))
      expect(body.light_source).toBe(docSpellings('light-sources', ICL_GLOB)[lightSource])
      expectDocumentedBody(ICL_GLOB, body)
    }
  )

  it.each(OUTPUT_FORMATS)('spells output format %s (docs/providers.md)', (outputFormat) => {
    const body = mapIclGlobInput(relightInput({ model: 'replicate/icl-glob-v1', outputFormat }))
    expect(body.output_format).toBe(docSpellings('output-formats', ICL_GLOB)[outputFormat])
    expectDocumentedBody(ICL_GLOB, body)
  })

  it('maps explicit values and options', () => {
    const body = mapIclGlobInput(
      relightInput({
        model: 'replicate/icl-glob-v1',
        negativePrompt: '',
        steps: 12,
        guidance: 4,
        numImages: 12,
        options: {
          appendedPrompt: 'cinematic',
          highresScale: 2,
          highresDenoise: 0.3,
          lowresDenoise: 0.7,
          outputQuality: 90
        }
      })
    )
    expectDocumentedBody(ICL_GLOB, body)
    expect(body).toMatchObject({
      negative_prompt: '',
      steps: 12,
      cfg: 4,
      number_of_images: 12,
      appended_prompt: 'cinematic',
      highres_scale: 2,
      highres_denoise: 0.3,
      lowres_denoise: 0.7,
      output_quality: 90
    })
  })
})

describe('Replicate predictions protocol', () => {
  let rep: FakeReplicate
  beforeEach(async () => {
    rep = await startFakeReplicate({ token: REPLICATE_TOKEN, startingPolls: 1, processingPolls: 2 })
  })
  afterEach(() => rep.close())

  const client = (token = REPLICATE_TOKEN) => {
    const t = testUpstream('replicate', rep.url, token)
    return {
      ...t,
      predictions: createReplicatePredictions({
        upstream: t.upstream,
        apiUrl: rep.url,
        token
      })
    }
  }

  it('creates with POST /models/{owner}/{name}/predictions and Bearer auth, without Prefer: wait', async () => {
    const { predictions } = client()
    const created = await predictions.create(REPLICATE_ICL_GLOB_MODEL, { prompt: 'p', number_of_images: 2 })
    expect(created).toMatchObject({ id: 'rep1', status: 'starting', output: [] })
    const [req] = rep.requests
    expect(req).toMatchObject({
      method: 'POST',
      url: '/models/fater-ai/icl-glob-v1/predictions',
      body: { input: { prompt: 'p', number_of_images: 2 } }
    })
    expect(req!.headers.authorization).toBe(`Bearer ${REPLICATE_TOKEN}`)
    // Returned at once: the id is stored before a crash can lose it.
    expect(req!.headers.prefer).toBeUndefined()
  })

  it('follows starting → processing (tqdm progress) → succeeded, then downloads the outputs', async () => {
    const { predictions, upstream } = client()
    const { id } = await predictions.create(REPLICATE_ICL_GLOB_MODEL, {
      number_of_images: 2,
      output_format: 'png',
      width: 64,
      height: 64
    })
    const seen = []
    for (let i = 0; i < 4; i++) seen.push(await predictions.get(id))
    expect(seen.map((p) => p.status)).toEqual(['starting', 'processing', 'processing', 'succeeded'])
    expect(seen[1]!.progress).toBe(0.5)
    expect(seen[2]!.progress).toBe(1)
    expect(rep.requests[1]).toMatchObject({ method: 'GET', url: `/predictions/${id}` })
    expect(seen[3]!.output).toHaveLength(2)
    const image = await downloadImage(upstream, seen[3]!.output[0]!)
    expect(image.contentType).toBe('image/png')
  })

  it('cancels with POST /predictions/{id}/cancel', async () => {
    const { predictions } = client()
    const { id } = await predictions.create(REPLICATE_ICL_GLOB_MODEL, {})
    await predictions.cancel(id)
    expect(rep.requests.at(-1)).toMatchObject({ method: 'POST', url: `/predictions/${id}/cancel` })
    expect((await predictions.get(id)).status).toBe('canceled')
  })

  it('reports a rejected token (401) and no credit (402) in words, without the token', async () => {
    const wrong = 'r8_wrongtoken_abcdef123456'
    const { predictions, logs } = client(wrong)
    const unauthorized = await catchError(predictions.create(REPLICATE_ICL_GLOB_MODEL, {}))
    expect(unauthorized).toMatchObject({ code: 'unauthorized', status: 401 })
    expect(unauthorized.message).toMatch(/REPLICATE_API_TOKEN/)
    rep.fault(
      { method: 'POST', path: /predictions$/ },
      {
        kind: 'status',
        status: 402,
        body: {
          title: 'Insufficient credit',
          detail: 'You have insufficient credit to run this model.',
          status: 402
        }
      }
    )
    const { predictions: good } = client()
    const broke = await catchError(good.create(REPLICATE_ICL_GLOB_MODEL, {}))
    expect(broke).toMatchObject({ code: 'no_credits', status: 402 })
    expectNoSecret(wrong, unauthorized, logs)
    expectNoSecret(REPLICATE_TOKEN, broke)
  })

  it("names the field of Replicate's validation error", async () => {
    rep.fault(
      { method: 'POST', path: /predictions$/ },
      {
        kind: 'status',
        status: 422,
        body: {
          title: 'Input validation failed',
          status: 422,
          detail: '- input.width: Must be less than or equal to 1024',
          invalid_fields: [
            {
              type: 'less_than_equal',
              field: 'input.width',
              description: 'Must be less than or equal to 1024'
            }
          ]
        }
      }
    )
    const { predictions } = client()
    const error = await catchError(predictions.create(REPLICATE_ICL_GLOB_MODEL, {}))
    expect(error).toMatchObject({ code: 'invalid_input', field: 'width' })
    expect(error.message).toMatch(/width.*Must be less than or equal to 1024/)
  })

  it('does not ask a fast model to hold the create call: it answers "starting" at once', async () => {
    await rep.close()
    rep = await startFakeReplicate({ token: REPLICATE_TOKEN, finishWithinWait: true })
    const { predictions } = client()
    const created = await predictions.create(REPLICATE_ICL_GLOB_MODEL, { number_of_images: 1 })
    expect(created.status).toBe('starting')
  })

  it('lists predictions newest first, page by page, rebuilding each page URL from its cursor', async () => {
    await rep.close()
    rep = await startFakeReplicate({ token: REPLICATE_TOKEN, pageSize: 2 })
    const { predictions } = client()
    for (let n = 1; n <= 5; n++) await predictions.create(REPLICATE_ICL_GLOB_MODEL, { prompt: `p${n}` })
    const ids: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await predictions.list(cursor)
      ids.push(...page.predictions.map((p) => p.id))
      expect(page.predictions.every((p) => p.model === REPLICATE_ICL_GLOB_MODEL && p.createdAt)).toBe(true)
      cursor = page.cursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(ids).toEqual(['rep5', 'rep4', 'rep3', 'rep2', 'rep1'])
    const lists = rep.requests.filter((r) => r.method === 'GET' && r.path === '/predictions')
    expect(lists.map((r) => r.url.startsWith('/predictions'))).toEqual([true, true, true])
    expect(lists[0]!.headers.authorization).toBe(`Bearer ${REPLICATE_TOKEN}`)
  })

  it('retries a poll through 429 with Retry-After as an HTTP date', async () => {
    const { predictions, sleeps } = client()
    const { id } = await predictions.create(REPLICATE_ICL_GLOB_MODEL, {})
    const date = new Date(Date.now() + 3000).toUTCString()
    rep.fault(
      { method: 'GET', path: /predictions/ },
      { kind: 'status', status: 429, headers: { 'retry-after': date } }
    )
    await predictions.get(id)
    expect(sleeps).toHaveLength(1)
    expect(sleeps[0]).toBeGreaterThan(1000)
    expect(sleeps[0]).toBeLessThanOrEqual(3000)
  })
})

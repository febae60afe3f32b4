/** Configuration → registry → adapters: base URLs from the environment, keys deciding availability. */
import { afterEach, describe, expect, it } from 'vitest'

import { ConfigError, loadConfig } from '../../src/gateway/env.js'
import { createReplicateAdapter } from '../../src/gateway/providers/replicate/adapter.js'
import type { ModelListView } from '../../src/protocol/api.js'
import { findModel } from '../../src/protocol/catalog.js'
import { FAL_MODELS } from '../../src/protocol/models/fal.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { startFakeReplicate } from '../../testkit/fakes/replicate.js'
import { type FakeSegmind, startFakeSegmind } from '../../testkit/fakes/segmind.js'
import { fixture, submitOk } from '../gateway/helpers.js'
import { ALL_KEYS, type ProviderGateway, startProviderGateway, waitForJob } from './gateway-helpers.js'
import { FAL_KEY, REPLICATE_TOKEN, SEGMIND_KEY } from './helpers.js'

describe('provider configuration', () => {
  it('defaults the base URLs and reads FAL_QUEUE_URL, REPLICATE_API_URL, SEGMIND_API_URL', () => {
    expect(loadConfig({}).providerUrls).toEqual({
      fal: 'https://queue.fal.run',
      replicate: 'https://api.replicate.com/v1',
      segmind: 'https://api.segmind.com/v1'
    })
    const config = loadConfig({
      FAL_QUEUE_URL: 'http://127.0.0.1:9000/',
      REPLICATE_API_URL: 'https://proxy.example/v1',
      SEGMIND_API_URL: 'http://localhost:9001/v1'
    })
    expect(config.providerUrls).toEqual({
      fal: 'http://127.0.0.1:9000',
      replicate: 'https://proxy.example/v1',
      segmind: 'http://localhost:9001/v1'
    })
  })

  it.each([
    'http://example.com',
    'ftp://queue.fal.run',
    'https://user:pw@queue.fal.run',
    'https://queue.fal.run/?x=1',
    'queue.fal.run'
  ])('refuses the base URL %s with one clear line', (value) => {
    expect(() => loadConfig({ FAL_QUEUE_URL: value })).toThrow(ConfigError)
    expect(() => loadConfig({ FAL_QUEUE_URL: value })).toThrow(/^FAL_QUEUE_URL must be an https URL/)
  })

  it('reads the three provider keys the catalog names', () => {
    expect(Object.keys(loadConfig({}).keys).sort()).toEqual([
      'FAL_KEY',
      'REPLICATE_API_TOKEN',
      'SEGMIND_API_KEY'
    ])
    expect(FAL_MODELS.map((m) => findModel(m.id)?.keyEnv)).toEqual(FAL_MODELS.map(() => 'FAL_KEY'))
  })
})

describe('default providers from the configuration', () => {
  let fal: FakeFal | undefined
  let seg: FakeSegmind | undefined
  let gw: ProviderGateway | undefined
  afterEach(async () => {
    await gw?.close()
    await fal?.close()
    await seg?.close()
    gw = fal = seg = undefined
  })

  it('registers each adapter with its key and base URL; models without a key stay unavailable', async () => {
    fal = await startFakeFal({ key: FAL_KEY, queuePolls: 100 })
    seg = await startFakeSegmind({ key: SEGMIND_KEY })
    gw = await startProviderGateway({
      keys: { FAL_KEY: ALL_KEYS.FAL_KEY, SEGMIND_API_KEY: ALL_KEYS.SEGMIND_API_KEY },
      providerUrls: { fal: fal.url, replicate: 'https://api.replicate.com/v1', segmind: seg.url }
    })
    const { models } = (await (await fetch(`${gw.url}/v1/models`)).json()) as ModelListView
    const byId = Object.fromEntries(models.map((m) => [m.id, m]))
    expect(byId['fal/iclight-v2']?.available).toBe(true)
    expect(byId['segmind/ic-light']?.available).toBe(true)
    expect(byId['replicate/icl-glob-v1']).toMatchObject({
      available: false,
      unavailableReason: expect.stringMatching(/REPLICATE_API_TOKEN/)
    })
    expect(JSON.stringify(models)).not.toContain(FAL_KEY)

    const segJob = await waitForJob(
      gw,
      await submitOk(gw.url, { model: 'segmind/ic-light', prompt: 'p' }, fixture('coffee.png'))
    )
    expect(segJob.status).toBe('succeeded')
    expect(seg.requests[0]!.headers['x-api-key']).toBe(SEGMIND_KEY)

    const falJob = await submitOk(gw.url, { model: 'fal/iclight-v2', prompt: 'p' })
    await waitForJob(gw, falJob, (job) => job.queuePosition !== undefined)
    expect(fal.requests[0]).toMatchObject({ method: 'POST', url: '/fal-ai/iclight-v2' })

    const refused = await fetch(`${gw.url}/v1/relight`, {
      method: 'POST',
      body: (() => {
        const f = new FormData()
        f.set('params', JSON.stringify({ model: 'replicate/icl-glob-v1', prompt: 'p' }))
        f.set('image', new Blob([fixture('coffee.png') as Uint8Array<ArrayBuffer>]), 'a.png')
        return f
      })()
    })
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect(JSON.stringify(await refused.json())).toMatch(/REPLICATE_API_TOKEN/)
  })
})

describe('IC-Light setup for fal/lora-image-to-image', () => {
  const WEIGHTS = 'https://weights.example/iclight_sd15_fc.safetensors'
  const LORAS = [{ path: 'https://weights.example/film-grain.safetensors', scale: 0.6 }]

  it('reads the base model, the IC-Light weights and the LoRAs from the environment', () => {
    expect(loadConfig({}).falLora).toEqual({})
    expect(
      loadConfig({
        RELIGHT_FAL_LORA_BASE_MODEL: 'acme/photoreal-v2',
        RELIGHT_FAL_ICLIGHT_WEIGHTS: WEIGHTS,
        RELIGHT_FAL_LORAS: JSON.stringify(LORAS)
      }).falLora
    ).toEqual({ modelName: 'acme/photoreal-v2', icLightModelUrl: WEIGHTS, loras: LORAS })
  })

  it.each([
    ['RELIGHT_FAL_ICLIGHT_WEIGHTS', 'http://weights.example/x.safetensors', /must be an https URL/],
    ['RELIGHT_FAL_LORAS', '[{"path":"x"}]', /must be JSON like/],
    ['RELIGHT_FAL_LORAS', 'not json', /must be JSON like/]
  ])('refuses %s=%s with one clear line', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError)
    expect(() => loadConfig({ [name]: value })).toThrow(message)
  })

  it("sends the admin's settings to fal", async () => {
    const fal = await startFakeFal({ key: FAL_KEY, queuePolls: 100 })
    const gw = await startProviderGateway({
      keys: { FAL_KEY: ALL_KEYS.FAL_KEY },
      providerUrls: { fal: fal.url, replicate: 'https://api.replicate.com/v1', segmind: fal.url },
      falLora: { modelName: 'acme/photoreal-v2', icLightModelUrl: WEIGHTS, loras: LORAS }
    })
    try {
      const id = await submitOk(gw.url, {
        model: 'fal/lora-image-to-image',
        prompt: 'p',
        lightSource: 'left'
      })
      await waitForJob(gw, id, (job) => job.queuePosition !== undefined)
      expect(fal.requests[0]).toMatchObject({ method: 'POST', url: '/fal-ai/lora/image-to-image' })
      expect(fal.requests[0]!.body).toMatchObject({
        model_name: 'acme/photoreal-v2',
        ic_light_model_url: WEIGHTS,
        loras: LORAS
      })
    } finally {
      await gw.close()
      await fal.close()
    }
  })
})

describe('Replicate adapter: finding a lost submit again', () => {
  const model = findModel('replicate/icl-glob-v1')!
  const params = {
    model: model.id,
    prompt: 'p',
    negativePrompt: '',
    lightSource: 'left',
    maskMode: 'alpha',
    output: 'scene',
    seed: null,
    steps: null,
    guidance: null,
    numImages: 1,
    width: null,
    height: null,
    outputFormat: 'png',
    options: {}
  } as const
  const input = () => ({
    jobId: 'j',
    model,
    params,
    image: { width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(200) },
    mask: new Uint8Array(64 * 64).fill(255)
  })

  it('marks the exact input before the create leaves, and finds that prediction pages deep in the list', async () => {
    const rep = await startFakeReplicate({ token: REPLICATE_TOKEN, pageSize: 2 })
    try {
      const adapter = createReplicateAdapter({ token: REPLICATE_TOKEN, apiUrl: rep.url })
      const since = new Date().toISOString()
      const marks: Array<{ marker: string; createsBefore: number }> = []
      const ctx = {
        signal: new AbortController().signal,
        report: () => undefined,
        markSubmit: async (marker: string) => {
          marks.push({ marker, createsBefore: rep.requests.length })
        }
      }
      const { requestId } = await adapter.submit(input(), ctx)
      expect(marks).toEqual([{ marker: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), createsBefore: 0 }])
      // Five more predictions with other inputs (other seeds): ours ends up on the third page.
      for (let n = 0; n < 5; n++) await adapter.submit(input(), { ...ctx, markSubmit: async () => undefined })
      const signal = new AbortController().signal
      expect(await adapter.reconcile!(marks[0]!.marker, since, model, signal)).toEqual({ found: [requestId] })
      const lists = rep.requests.filter((r) => r.method === 'GET' && r.path === '/predictions')
      expect(lists).toHaveLength(3)
      expect(await adapter.reconcile!('sha256:not-ours', since, model, signal)).toEqual({ absent: true })
    } finally {
      await rep.close()
    }
  })

  it('cannot tell when the list is unreachable, and says so', async () => {
    const rep = await startFakeReplicate({ token: REPLICATE_TOKEN })
    try {
      const adapter = createReplicateAdapter({
        token: REPLICATE_TOKEN,
        apiUrl: rep.url,
        sleep: async () => undefined
      })
      rep.fault({ method: 'GET', path: /^\/predictions$/ }, { kind: 'status', status: 503 }, 10)
      const signal = new AbortController().signal
      const outcome = adapter.reconcile!('sha256:x', new Date().toISOString(), model, signal)
      await expect(outcome).rejects.toMatchObject({ code: 'unavailable' })
    } finally {
      await rep.close()
    }
  })
})

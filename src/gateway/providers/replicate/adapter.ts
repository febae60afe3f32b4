/**
 * The Replicate adapter: fater-ai/icl-glob-v1 as a prediction. The subject goes flattened onto gray 127
 * (the model takes no mask); `Prefer: wait` lets a fast run finish inside the create call, in which case
 * its answer is kept so the first status check needs no request. Outputs are downloaded at once
 * (Replicate deletes them after about an hour) and only from replicate.delivery.
 */
import type { AdapterDeps } from '../../upstream/adapter-deps.js'
import { upstreamDeps } from '../../upstream/adapter-deps.js'
import { downloadImage } from '../../upstream/download.js'
import { REPLICATE_RESULT_HOSTS } from '../../upstream/hosts.js'
import { createUpstream } from '../../upstream/http.js'
import { drawSeed, providerImage, subjectDataUri } from '../../upstream/provider-images.js'
import type { AsyncProvider, ProviderState } from '../contract.js'
import { mapIclGlobInput, REPLICATE_ICL_GLOB_MODEL } from './map-icl-glob.js'
import { createReplicatePredictions, type Prediction } from './predictions.js'

export const REPLICATE_API_URL = 'https://api.replicate.com/v1'
export const REPLICATE_POLL_INTERVAL_MS = 1000

export interface ReplicateAdapterConfig extends AdapterDeps {
  readonly token: string
  readonly apiUrl?: string
  readonly pollIntervalMs?: number
  /** Seconds `Prefer: wait` holds the create call (1–60). */
  readonly waitSeconds?: number
}

function stateOf(prediction: Prediction): ProviderState {
  const logs = prediction.logs
  switch (prediction.status) {
    case 'starting':
      return { state: 'queued', logs }
    case 'processing':
      return {
        state: 'running',
        logs,
        ...(prediction.progress !== undefined ? { progress: prediction.progress } : {})
      }
    case 'succeeded':
      return { state: 'succeeded', logs }
    case 'canceled':
      return { state: 'canceled' }
    case 'failed':
      return {
        state: 'failed',
        error: {
          code: 'provider_failed',
          message: `Replicate could not relight this image${prediction.error ? `: ${prediction.error}` : '.'}`
        }
      }
  }
}

export function createReplicateAdapter(config: ReplicateAdapterConfig): AsyncProvider {
  const apiUrl = config.apiUrl ?? REPLICATE_API_URL
  const upstream = createUpstream(
    {
      provider: 'replicate',
      label: 'Replicate',
      keyEnv: 'REPLICATE_API_TOKEN',
      baseUrl: apiUrl,
      secrets: [config.token],
      hosts: REPLICATE_RESULT_HOSTS
    },
    upstreamDeps(config)
  )
  const predictions = createReplicatePredictions({
    upstream,
    apiUrl,
    token: config.token,
    ...(config.waitSeconds ? { waitSeconds: config.waitSeconds } : {})
  })
  const random = config.random ?? Math.random
  /** Predictions that finished inside their create call, until their result is taken. */
  const finished = new Map<string, Prediction>()

  return {
    name: 'replicate',
    kind: 'async',
    pollIntervalMs: config.pollIntervalMs ?? REPLICATE_POLL_INTERVAL_MS,

    async submit(input, ctx) {
      const { width, height } = input.image
      const seed = input.params.seed ?? drawSeed(random)
      const body = mapIclGlobInput({
        params: input.params,
        size: { width, height },
        seed,
        images: { image: await subjectDataUri(input) }
      })
      const prediction = await predictions.create(REPLICATE_ICL_GLOB_MODEL, body, ctx.signal)
      if (prediction.status === 'succeeded') finished.set(prediction.id, prediction)
      return { requestId: prediction.id }
    },

    async status(requestId, _model, ctx) {
      return stateOf(finished.get(requestId) ?? (await predictions.get(requestId, ctx.signal)))
    },

    async result(requestId, _input, ctx) {
      const prediction = finished.get(requestId) ?? (await predictions.get(requestId, ctx.signal, 'result'))
      finished.delete(requestId)
      if (prediction.output.length === 0)
        throw upstream.error('bad_response', { detail: 'no output', requestId })
      const images = []
      for (const url of prediction.output) {
        const downloaded = await downloadImage(upstream, url, {
          requestId,
          signal: ctx.signal,
          ...(config.maxDownloadBytes ? { maxBytes: config.maxDownloadBytes } : {})
        })
        images.push(providerImage(upstream, downloaded.bytes, requestId))
      }
      return { images, ...(prediction.seed !== undefined ? { seed: prediction.seed } : {}) }
    },

    async cancel(requestId) {
      finished.delete(requestId)
      await predictions.cancel(requestId)
    }
  }
}

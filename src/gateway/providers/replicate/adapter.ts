/**
 * The Replicate adapter: fater-ai/icl-glob-v1 as a prediction. The subject goes flattened onto gray 127
 * (the model takes no mask). The create call returns at once; before it leaves, a fingerprint of its exact
 * input is stored, so after a crash `reconcile` finds the prediction in Replicate's list. Outputs are
 * downloaded at once (Replicate deletes them after about an hour) and only from replicate.delivery.
 */
import type { AdapterDeps } from '../../upstream/adapter-deps.js'
import { upstreamDeps } from '../../upstream/adapter-deps.js'
import { downloadImage } from '../../upstream/download.js'
import { REPLICATE_RESULT_HOSTS } from '../../upstream/hosts.js'
import { createUpstream } from '../../upstream/http.js'
import type { AsyncProvider, ProviderState, ReconcileOutcome } from '../contract.js'
import { drawSeed, providerImage, subjectDataUri } from '../provider-images.js'
import { mapIclGlobInput, REPLICATE_ICL_GLOB_MODEL } from './map-icl-glob.js'
import { predictionMarker } from './marker.js'
import { createReplicatePredictions, type Prediction } from './predictions.js'

export const REPLICATE_API_URL = 'https://api.replicate.com/v1'
export const REPLICATE_POLL_INTERVAL_MS = 1000

export interface ReplicateAdapterConfig extends AdapterDeps {
  readonly token: string
  readonly apiUrl?: string
  readonly pollIntervalMs?: number
}

/** Our clock and Replicate's may differ: predictions this much older than the submit are still looked at. */
export const RECONCILE_CLOCK_SLACK_MS = 10 * 60 * 1000
/** 100 predictions a page: how far back a reconcile reads before it gives up. */
export const RECONCILE_MAX_PAGES = 20

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
  const predictions = createReplicatePredictions({ upstream, apiUrl, token: config.token })
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
      await ctx.markSubmit?.(predictionMarker(REPLICATE_ICL_GLOB_MODEL, body))
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

    async reconcile(marker, since, _model, signal): Promise<ReconcileOutcome> {
      const from = Date.parse(since) - RECONCILE_CLOCK_SLACK_MS
      const found: string[] = []
      let unreadable = 0
      let cursor: string | undefined
      for (let page = 0; page < RECONCILE_MAX_PAGES; page++) {
        const listed = await predictions.list(cursor, signal)
        let reachedOlder = false
        for (const prediction of listed.predictions) {
          const created = prediction.createdAt ? Date.parse(prediction.createdAt) : NaN
          if (created < from) {
            reachedOlder = true
            continue
          }
          if (prediction.model && prediction.model !== REPLICATE_ICL_GLOB_MODEL) continue
          if (prediction.input === undefined) unreadable++
          else if (predictionMarker(REPLICATE_ICL_GLOB_MODEL, prediction.input) === marker) {
            found.push(prediction.id)
          }
        }
        if (reachedOlder || !listed.cursor) {
          if (found.length) return { found }
          // A prediction whose input Replicate already removed might be ours: that cannot be known.
          return unreadable
            ? { unknown: 'Replicate no longer shows the input of some recent predictions' }
            : { absent: true }
        }
        cursor = listed.cursor
      }
      if (found.length) return { found }
      return { unknown: `Replicate lists more than ${RECONCILE_MAX_PAGES * 100} predictions since then` }
    },

    async cancel(requestId) {
      finished.delete(requestId)
      await predictions.cancel(requestId)
    }
  }
}

/**
 * Replicate's predictions API: create `POST {api}/models/{owner}/{name}/predictions`, get
 * `GET {api}/predictions/{id}`, cancel `POST {api}/predictions/{id}/cancel`, list
 * `GET {api}/predictions` (newest first, 100 a page, `next` holding the cursor of the next page). Auth is
 * `Authorization: Bearer <token>`. Creates go without `Prefer: wait`: the call returns at once with the
 * prediction's id, which is stored before anything else happens, so the window in which a crash leaves
 * a submit unaccounted for is one round trip, not the seconds a held call would take.
 */
import * as v from 'valibot'

import { redact } from '../../upstream/errors.js'
import type { Upstream } from '../../upstream/http.js'
import { logLines, progressFromLogs } from '../../upstream/progress.js'

const PredictionSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w-]{1,128}$/)),
  status: v.picklist(['starting', 'processing', 'succeeded', 'failed', 'canceled', 'aborted']),
  logs: v.optional(v.nullable(v.string())),
  output: v.optional(v.unknown()),
  error: v.optional(v.unknown()),
  input: v.optional(v.nullable(v.object({ seed: v.optional(v.nullable(v.number())) })))
})

/**
 * A page echoes each prediction's whole input, images included as data URIs: 100 of them can weigh tens
 * of megabytes. Read only while reconciling after a restart.
 */
export const LIST_MAX_BYTES = 256 * 1024 * 1024

const ListSchema = v.object({
  results: v.array(
    v.object({
      id: v.pipe(v.string(), v.regex(/^[\w-]{1,128}$/)),
      model: v.optional(v.nullable(v.string())),
      created_at: v.optional(v.nullable(v.string())),
      data_removed: v.optional(v.nullable(v.boolean())),
      input: v.optional(v.unknown())
    })
  ),
  next: v.optional(v.nullable(v.string()))
})

/** A prediction as the list shows it: enough to match it against a submit we lost the answer of. */
export interface ListedPrediction {
  readonly id: string
  readonly model?: string
  readonly createdAt?: string
  /** What Replicate echoes of the input; absent once Replicate removed it (about an hour after). */
  readonly input?: unknown
}

export interface PredictionPage {
  readonly predictions: readonly ListedPrediction[]
  /** The cursor of the next (older) page; undefined on the last. */
  readonly cursor?: string
}

export interface Prediction {
  readonly id: string
  readonly status: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled'
  readonly logs: readonly string[]
  readonly progress?: number
  /** Result URLs (the model's output: an array of URIs, or one). */
  readonly output: readonly string[]
  readonly error?: string
  /** The seed the prediction ran with, as its input echoes it. */
  readonly seed?: number
}

function outputUrls(output: unknown): string[] {
  if (typeof output === 'string') return [output]
  if (Array.isArray(output)) return output.filter((item): item is string => typeof item === 'string')
  return []
}

function cursorOf(next: string): string | undefined {
  try {
    return new URL(next, 'https://api.replicate.com/').searchParams.get('cursor') ?? undefined
  } catch {
    return undefined
  }
}

export interface ReplicateConfig {
  readonly upstream: Upstream
  readonly apiUrl: string
  readonly token: string
}

export function createReplicatePredictions(config: ReplicateConfig) {
  const { upstream } = config
  const base = config.apiUrl.replace(/\/+$/, '')
  const headers = { authorization: `Bearer ${config.token}` }

  function toPrediction(data: unknown, requestId?: string): Prediction {
    const parsed = v.safeParse(PredictionSchema, data)
    if (!parsed.success) {
      throw upstream.error('bad_response', {
        detail: 'not a prediction',
        ...(requestId ? { requestId } : {})
      })
    }
    const body = parsed.output
    // A provider may echo the key in any text it returns, even in a 200 answer.
    const text = (value: string): string => redact(value, upstream.config.secrets, Number.MAX_SAFE_INTEGER)
    const logs = logLines(text(body.logs ?? ''))
    const progress = progressFromLogs(body.logs ?? '')
    const raw =
      typeof body.error === 'string' ? body.error : body.error ? JSON.stringify(body.error) : undefined
    const error = raw === undefined ? undefined : text(raw)
    return {
      id: body.id,
      status: body.status === 'aborted' ? 'canceled' : body.status,
      logs,
      output: outputUrls(body.output),
      ...(progress !== undefined ? { progress } : {}),
      ...(error ? { error: error.slice(0, 500) } : {}),
      ...(typeof body.input?.seed === 'number' ? { seed: body.input.seed } : {})
    }
  }

  const predictionUrl = (id: string, suffix = ''): string =>
    `${base}/predictions/${encodeURIComponent(id)}${suffix}`

  return {
    async create(model: string, input: unknown, signal?: AbortSignal): Promise<Prediction> {
      const response = await upstream.requestJson(`${base}/models/${model}/predictions`, {
        kind: 'submit',
        method: 'POST',
        headers,
        json: { input },
        ...(signal ? { signal } : {})
      })
      return toPrediction(response.data)
    },

    /** `result` when reading a finished prediction for its outputs: retried for longer than a poll. */
    async get(id: string, signal?: AbortSignal, kind: 'poll' | 'result' = 'poll'): Promise<Prediction> {
      const response = await upstream.requestJson(predictionUrl(id), {
        kind,
        headers,
        requestId: id,
        ...(signal ? { signal } : {})
      })
      return toPrediction(response.data, id)
    },

    /** One page of the account's predictions, newest first; `cursor` from the previous page. */
    async list(cursor?: string, signal?: AbortSignal): Promise<PredictionPage> {
      // The next page's URL is rebuilt from its cursor: nothing from an answer is fetched as is.
      const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''
      const response = await upstream.requestJson(`${base}/predictions${query}`, {
        kind: 'poll',
        headers,
        maxBytes: LIST_MAX_BYTES,
        ...(signal ? { signal } : {})
      })
      const parsed = v.safeParse(ListSchema, response.data)
      if (!parsed.success) throw upstream.error('bad_response', { detail: 'not a list of predictions' })
      const predictions = parsed.output.results.map((item): ListedPrediction => ({
        id: item.id,
        ...(item.model ? { model: item.model } : {}),
        ...(item.created_at ? { createdAt: item.created_at } : {}),
        ...(item.input !== undefined && item.input !== null && !item.data_removed
          ? { input: item.input }
          : {})
      }))
      const next = parsed.output.next ? cursorOf(parsed.output.next) : undefined
      return { predictions, ...(next ? { cursor: next } : {}) }
    },

    async cancel(id: string, signal?: AbortSignal): Promise<void> {
      await upstream.requestJson(predictionUrl(id, '/cancel'), {
        kind: 'read',
        method: 'POST',
        headers,
        requestId: id,
        ...(signal ? { signal } : {})
      })
    }
  }
}

export type ReplicatePredictions = ReturnType<typeof createReplicatePredictions>

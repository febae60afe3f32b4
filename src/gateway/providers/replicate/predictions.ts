/**
 * Replicate's predictions API: create `POST {api}/models/{owner}/{name}/predictions` (with
 * `Prefer: wait=n`, which holds the answer up to n seconds), get `GET {api}/predictions/{id}`, cancel
 * `POST {api}/predictions/{id}/cancel`. Auth is `Authorization: Bearer <token>`.
 */
import * as v from 'valibot'

import { redact } from '../../upstream/errors.js'
import type { Upstream } from '../../upstream/http.js'
import { logLines, progressFromLogs } from '../../upstream/progress.js'

/** Replicate allows 1–60 s; a short hold saves a poll for fast runs without blocking the submit long. */
export const DEFAULT_WAIT_SECONDS = 5

const PredictionSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[\w-]{1,128}$/)),
  status: v.picklist(['starting', 'processing', 'succeeded', 'failed', 'canceled', 'aborted']),
  logs: v.optional(v.nullable(v.string())),
  output: v.optional(v.unknown()),
  error: v.optional(v.unknown()),
  input: v.optional(v.nullable(v.object({ seed: v.optional(v.nullable(v.number())) })))
})

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

export interface ReplicateConfig {
  readonly upstream: Upstream
  readonly apiUrl: string
  readonly token: string
  readonly waitSeconds?: number
}

export function createReplicatePredictions(config: ReplicateConfig) {
  const { upstream } = config
  const base = config.apiUrl.replace(/\/+$/, '')
  const headers = { authorization: `Bearer ${config.token}` }
  const wait = Math.min(60, Math.max(1, config.waitSeconds ?? DEFAULT_WAIT_SECONDS))

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
        headers: { ...headers, prefer: `wait=${wait}` },
        json: { input },
        timeoutMs: (wait + 30) * 1000,
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

/**
 * fal's queue protocol (what @fal-ai/client does): submit `POST {queue}/{app}`, status
 * `GET {queue}/{owner}/{alias}/requests/{id}/status?logs=1`, result `GET …/requests/{id}`, cancel
 * `PUT …/requests/{id}/cancel`. Status, result and cancel drop any path after `{owner}/{alias}`. The URLs
 * are built from the configured queue URL, never taken from a response.
 */
import * as v from 'valibot'

import { redact } from '../../upstream/errors.js'
import type { Upstream } from '../../upstream/http.js'
import { logLines, progressFromLogs } from '../../upstream/progress.js'

export const FAL_SUBMIT_TIMEOUT_MS = 60_000

export type FalQueueState =
  | { readonly state: 'queued'; readonly position?: number }
  | { readonly state: 'running'; readonly logs: readonly string[]; readonly progress?: number }
  | { readonly state: 'completed'; readonly logs: readonly string[]; readonly error?: string }

const SubmitSchema = v.object({ request_id: v.pipe(v.string(), v.regex(/^[\w-]{1,128}$/)) })

const LogSchema = v.object({ message: v.string() })
const StatusSchema = v.object({
  status: v.string(),
  queue_position: v.optional(v.nullable(v.number())),
  logs: v.optional(v.nullable(v.array(LogSchema))),
  error: v.optional(v.nullable(v.string()))
})

const ImageSchema = v.object({
  url: v.string(),
  width: v.optional(v.nullable(v.number())),
  height: v.optional(v.nullable(v.number())),
  content_type: v.optional(v.nullable(v.string()))
})
const OutputSchema = v.object({ images: v.array(ImageSchema), seed: v.optional(v.nullable(v.number())) })
export type FalOutput = v.InferOutput<typeof OutputSchema>

/** `fal-ai/lora/image-to-image` → `fal-ai/lora`: where status, result and cancel live. */
export function falAppRoot(app: string): string {
  const [owner, alias] = app.split('/')
  if (!owner || !alias) throw new Error(`fal app id "${app}" must be owner/alias[/path]`)
  return `${owner}/${alias}`
}

export interface FalQueueConfig {
  readonly upstream: Upstream
  readonly queueUrl: string
  readonly key: string
}

export function createFalQueue(config: FalQueueConfig) {
  const { upstream } = config
  const base = config.queueUrl.replace(/\/+$/, '')
  const headers = { authorization: `Key ${config.key}` }
  const requestUrl = (app: string, id: string, suffix = ''): string =>
    `${base}/${falAppRoot(app)}/requests/${encodeURIComponent(id)}${suffix}`

  function parse<T>(schema: v.GenericSchema<unknown, T>, data: unknown, what: string, requestId?: string): T {
    const result = v.safeParse(schema, data)
    if (!result.success)
      throw upstream.error('bad_response', { detail: what, ...(requestId ? { requestId } : {}) })
    return result.output
  }

  return {
    async submit(app: string, input: unknown, signal?: AbortSignal): Promise<{ requestId: string }> {
      const response = await upstream.requestJson(`${base}/${app}`, {
        kind: 'submit',
        method: 'POST',
        headers,
        json: input,
        timeoutMs: FAL_SUBMIT_TIMEOUT_MS,
        ...(signal ? { signal } : {})
      })
      return {
        requestId: parse(SubmitSchema, response.data, 'no request id in the submit answer').request_id
      }
    },

    async status(app: string, requestId: string, signal?: AbortSignal): Promise<FalQueueState> {
      const response = await upstream.requestJson(requestUrl(app, requestId, '/status?logs=1'), {
        kind: 'poll',
        headers,
        requestId,
        ...(signal ? { signal } : {})
      })
      const body = parse(StatusSchema, response.data, 'an unknown status answer', requestId)
      // A provider may echo the key in any text it returns, even in a 200 answer.
      const text = (value: string): string => redact(value, upstream.config.secrets, Number.MAX_SAFE_INTEGER)
      const logs = logLines(text((body.logs ?? []).map((log) => log.message).join('\n')))
      if (body.status === 'IN_QUEUE') {
        return {
          state: 'queued',
          ...(typeof body.queue_position === 'number' ? { position: body.queue_position } : {})
        }
      }
      if (body.status === 'IN_PROGRESS') {
        const progress = progressFromLogs(logs)
        return { state: 'running', logs, ...(progress !== undefined ? { progress } : {}) }
      }
      if (body.status === 'COMPLETED')
        return { state: 'completed', logs, ...(body.error ? { error: text(body.error) } : {}) }
      throw upstream.error('bad_response', {
        detail: `unknown status "${body.status.slice(0, 40)}"`,
        requestId
      })
    },

    async result(app: string, requestId: string, signal?: AbortSignal): Promise<FalOutput> {
      const response = await upstream.requestJson(requestUrl(app, requestId), {
        kind: 'result',
        headers,
        requestId,
        ...(signal ? { signal } : {})
      })
      return parse(OutputSchema, response.data, 'a result without images', requestId)
    },

    async cancel(app: string, requestId: string, signal?: AbortSignal): Promise<void> {
      try {
        await upstream.requestJson(requestUrl(app, requestId, '/cancel'), {
          kind: 'read',
          method: 'PUT',
          headers,
          requestId,
          ...(signal ? { signal } : {})
        })
      } catch (error) {
        // 400 ALREADY_COMPLETED: nothing left to stop.
        if ((error as { status?: number }).status === 400) return
        throw error
      }
    }
  }
}

export type FalQueue = ReturnType<typeof createFalQueue>

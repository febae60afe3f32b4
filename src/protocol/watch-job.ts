/**
 * Following a job to its end for `GatewayClient.watch`: the event stream first (reconnecting a dropped or
 * silent one with Last-Event-ID), polling when the stream keeps failing or a proxy does not pass it, and
 * riding out a gateway that is briefly unreachable while polling.
 */
import type { JobView } from './api.js'
import { isFinalStatus } from './api.js'
import { ApiError, isTransient } from './api-error.js'
import { sleep } from './sleep.js'
import { readEvents } from './sse.js'

/** How `watchJob` reaches the gateway: the client's own requests, with its token and error wording. */
export interface WatchTransport {
  /** A request without the ordinary timeout (an event stream lives as long as the job); any status. */
  stream(path: string, init: RequestInit): Promise<Response>
  /** A request whose JSON answer is returned; a failure status throws a `ApiError`. */
  json<T>(path: string, init: RequestInit): Promise<T>
  /** The `ApiError` for a failure status. */
  failure(response: Response): Promise<ApiError>
}

export interface WatchTiming {
  readonly reconnectDelayMs: number
  readonly maxReconnects: number
  readonly pollIntervalMs: number
  readonly idleTimeoutMs: number
  readonly outageBudgetMs: number
}

/** Polling backs off up to this interval while the gateway is unreachable. */
const MAX_POLL_BACKOFF_MS = 10_000

/** Why a silent event stream was aborted. */
class StallMarker {}

export async function watchJob(
  transport: WatchTransport,
  timing: WatchTiming,
  id: string,
  onUpdate: (job: JobView) => void,
  signal?: AbortSignal
): Promise<JobView> {
  let failures = 0
  let delay = timing.reconnectDelayMs
  let lastEventId: string | undefined
  while (failures <= timing.maxReconnects) {
    try {
      const attempt = new AbortController()
      const stop = (): void => attempt.abort(signal?.reason)
      signal?.addEventListener('abort', stop, { once: true })
      let idle: ReturnType<typeof setTimeout> | undefined
      const touch = (): void => {
        clearTimeout(idle)
        idle = setTimeout(() => attempt.abort(new StallMarker()), timing.idleTimeoutMs)
      }
      try {
        touch()
        const response = await transport.stream(`/v1/jobs/${encodeURIComponent(id)}/events`, {
          headers: {
            Accept: 'text/event-stream',
            ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {})
          },
          signal: attempt.signal
        })
        if (!response.ok) {
          const error = await transport.failure(response)
          if (!isTransient(error)) throw error
          failures++
        } else if (
          !response.body ||
          !/text\/event-stream/i.test(response.headers.get('content-type') ?? '')
        ) {
          break // a proxy that buffers or strips streams: poll instead
        } else {
          for await (const event of readEvents(response.body, attempt.signal, touch)) {
            if (event.retry !== undefined) delay = event.retry
            if (event.id !== undefined) lastEventId = event.id
            const job = parseJob(event.data)
            if (!job) continue
            failures = 0 // the stream works: only attempts in a row without an event count
            onUpdate(job)
            if (isFinalStatus(job.status)) return job
          }
          failures++
        }
      } finally {
        clearTimeout(idle)
        signal?.removeEventListener('abort', stop)
      }
    } catch (error) {
      // A dropped connection surfaces as a plain TypeError ("terminated") from the body reader; a
      // stalled one as our StallMarker. Both reconnect.
      if (signal?.aborted || (error instanceof ApiError && !isTransient(error))) throw error
      failures++
    }
    await sleep(delay, signal)
  }
  return pollJob(transport, timing, id, onUpdate, signal)
}

async function pollJob(
  transport: WatchTransport,
  timing: WatchTiming,
  id: string,
  onUpdate: (job: JobView) => void,
  signal?: AbortSignal
): Promise<JobView> {
  let last = ''
  let failures = 0
  let outageSince: number | undefined
  for (;;) {
    try {
      const job = await transport.json<JobView>(`/v1/jobs/${encodeURIComponent(id)}`, { signal })
      failures = 0
      outageSince = undefined
      const seen = JSON.stringify(job)
      if (seen !== last) onUpdate(job)
      last = seen
      if (isFinalStatus(job.status)) return job
    } catch (error) {
      if (signal?.aborted || !isTransient(error)) throw error
      // The job goes on at the gateway while it restarts: keep asking, more slowly, for a while.
      outageSince ??= Date.now()
      if (Date.now() - outageSince >= timing.outageBudgetMs) throw error
      failures++
    }
    const backoff = Math.min(timing.pollIntervalMs * 2 ** failures, MAX_POLL_BACKOFF_MS)
    await sleep(failures ? Math.max(backoff, timing.pollIntervalMs) : timing.pollIntervalMs, signal)
  }
}

function parseJob(data: string): JobView | undefined {
  try {
    const value = JSON.parse(data) as Partial<JobView> | null
    return value && typeof value.id === 'string' && typeof value.status === 'string'
      ? (value as JobView)
      : undefined
  } catch {
    return undefined
  }
}

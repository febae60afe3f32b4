/**
 * A small gateway client on `fetch`, with no framework and no runtime-specific APIs: the plugin UI (Figma's
 * iframe), the playground and the CLI (Node 20) all use it. Every failure becomes an `ApiError` whose
 * message tells a designer what to do.
 */
import type { HealthView, JobListView, JobView, ModelListView, SubmitView, UsageView } from './api.js'
import { ApiError, errorFrom, type HintWords, notAGateway, unreachable } from './api-error.js'
import { sniffImageType } from './image-type.js'
import type { RelightParamsInput } from './request.js'
import { watchJob } from './watch-job.js'

export { ApiError, errorFrom, type HintWords } from './api-error.js'
export { readEvents, type ServerSentEvent } from './sse.js'

export interface GatewayClientOptions {
  /** e.g. `https://relight.example.com` or `http://localhost:8787`; a path prefix is kept. */
  readonly baseUrl: string
  readonly token?: string
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch
  /** Timeout of each ordinary request (not of the event stream). */
  readonly timeoutMs?: number
  /** Delay before reconnecting a dropped event stream (the server's `retry:` field overrides it). */
  readonly reconnectDelayMs?: number
  /** Stream attempts in a row that bring no event before `watch` falls back to polling. */
  readonly maxReconnects?: number
  readonly pollIntervalMs?: number
  /**
   * An event stream silent for this long (not even the gateway's heartbeat comments) is taken as dead and
   * reconnected: a laptop that slept or a proxy that dropped the connection without closing it.
   */
  readonly idleTimeoutMs?: number
  /** How long `watch` keeps retrying an unreachable gateway (a restart, a network blip) before giving up. */
  readonly outageBudgetMs?: number
  /**
   * How this client's user fixes what an error's hint names (the plugin's Settings, the CLI's flags),
   * appended to the gateway's statement. Without it, messages carry the statement alone.
   */
  readonly words?: HintWords
}

export interface SubmitOptions {
  readonly mask?: Uint8Array | Blob
  /** A background to light the subject to match (models whose catalog entry has `acceptsBackground`). */
  readonly background?: Uint8Array | Blob
  readonly idempotencyKey?: string
  readonly signal?: AbortSignal
}

export interface GatewayClient {
  readonly baseUrl: string
  health(): Promise<HealthView>
  models(): Promise<ModelListView>
  /** The caller's usage, or null when this gateway has no usage endpoint. */
  usage(): Promise<UsageView | null>
  submit(image: Uint8Array | Blob, params: RelightParamsInput, options?: SubmitOptions): Promise<SubmitView>
  job(id: string): Promise<JobView>
  jobs(): Promise<JobListView>
  cancel(id: string): Promise<void>
  markInserted(id: string): Promise<void>
  /**
   * Erases one of the caller's jobs on the gateway: its results, upload and record (canceled first when
   * still running). A job that is already gone, or is not the caller's, fails with a 404.
   */
  deleteJob(id: string): Promise<void>
  /** Bytes of a result image; `url` is the job's image path on the gateway's own origin. */
  image(url: string, signal?: AbortSignal): Promise<Uint8Array>
  /** Follows a job until it reaches a final state; calls `onUpdate` on every change. */
  watch(id: string, onUpdate: (job: JobView) => void, signal?: AbortSignal): Promise<JobView>
}

const DEFAULTS = {
  timeoutMs: 30_000,
  reconnectDelayMs: 1_000,
  maxReconnects: 3,
  pollIntervalMs: 1_000,
  idleTimeoutMs: 45_000,
  outageBudgetMs: 120_000
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const config = { ...DEFAULTS, ...options }
  const base = options.baseUrl.trim().replace(/\/+$/, '')
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))

  const { words } = options
  const failure = (response: Response): Promise<ApiError> =>
    errorFrom(response, Boolean(options.token), words)

  function headers(extra: Record<string, string> = {}): Record<string, string> {
    return options.token ? { ...extra, Authorization: `Bearer ${options.token}` } : extra
  }

  function urlFor(path: string): string {
    if (/^https?:\/\//i.test(path)) {
      // Only the gateway's own origin: the token must never travel elsewhere.
      if (new URL(path).origin !== new URL(base).origin) {
        throw new ApiError(0, 'foreign_url', `Refusing to download ${path}: it is not on the gateway.`)
      }
      return path
    }
    return base + (path.startsWith('/') ? path : `/${path}`)
  }

  /** fetch with the token, a timeout and unreachable-gateway mapping; answers any HTTP status. */
  async function send(path: string, init: RequestInit = {}, timeout = true): Promise<Response> {
    const url = urlFor(path)
    const controller = new AbortController()
    const outer = init.signal
    const onAbort = () => controller.abort(outer?.reason)
    if (outer?.aborted) onAbort()
    outer?.addEventListener('abort', onAbort, { once: true })
    const timer = timeout
      ? setTimeout(() => controller.abort(new TimeoutMarker()), config.timeoutMs)
      : undefined
    try {
      const extra = (init.headers ?? {}) as Record<string, string>
      return await doFetch(url, { ...init, headers: headers(extra), signal: controller.signal })
    } catch (error) {
      if (outer?.aborted) throw outer.reason ?? error
      if (controller.signal.reason instanceof TimeoutMarker) {
        throw new ApiError(
          0,
          'timeout',
          `The gateway at ${base} did not answer within ${Math.round(config.timeoutMs / 1000)} s. Try again; if it keeps happening, tell whoever runs the gateway.`
        )
      }
      throw unreachable(base, words)
    } finally {
      if (timer !== undefined) clearTimeout(timer)
      outer?.removeEventListener('abort', onAbort)
    }
  }

  async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await send(path, init)
    if (!response.ok) throw await failure(response)
    if (response.status === 204) return undefined as T
    try {
      return (await response.json()) as T
    } catch {
      throw notAGateway(base, words)
    }
  }

  /** A POST (or DELETE) whose answer body does not matter, only its status. */
  async function post(path: string, method: 'POST' | 'DELETE' = 'POST'): Promise<void> {
    const response = await send(path, { method })
    if (!response.ok) throw await failure(response)
    await response.body?.cancel()
  }

  return {
    baseUrl: base,
    health: () => json<HealthView>('/healthz'),
    models: () => json<ModelListView>('/v1/models'),
    async usage() {
      try {
        return await json<UsageView>('/v1/usage')
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null
        throw error
      }
    },
    submit(image, params, submitOptions = {}) {
      const form = new FormData()
      appendFile(form, 'image', image)
      if (submitOptions.mask) appendFile(form, 'mask', submitOptions.mask)
      if (submitOptions.background) appendFile(form, 'background', submitOptions.background)
      form.append('params', JSON.stringify(params))
      const extra: Record<string, string> = submitOptions.idempotencyKey
        ? { 'Idempotency-Key': submitOptions.idempotencyKey }
        : {}
      return json<SubmitView>('/v1/relight', {
        method: 'POST',
        body: form,
        headers: extra,
        signal: submitOptions.signal
      })
    },
    job: (id) => json<JobView>(`/v1/jobs/${encodeURIComponent(id)}`),
    jobs: () => json<JobListView>('/v1/jobs'),
    cancel: (id) => post(`/v1/jobs/${encodeURIComponent(id)}/cancel`),
    markInserted: (id) => post(`/v1/jobs/${encodeURIComponent(id)}/inserted`),
    deleteJob: (id) => post(`/v1/jobs/${encodeURIComponent(id)}`, 'DELETE'),
    async image(url, signal) {
      const response = await send(url, { signal })
      if (!response.ok) throw await failure(response)
      return new Uint8Array(await response.arrayBuffer())
    },
    watch: (id, onUpdate, signal) =>
      watchJob(
        { stream: (path, init) => send(path, init, false), json, failure },
        config,
        id,
        onUpdate,
        signal
      )
  }
}

class TimeoutMarker {}

function appendFile(form: FormData, name: string, data: Uint8Array | Blob): void {
  const blob = toBlob(data)
  const extension = { 'image/jpeg': 'jpg', 'image/webp': 'webp' }[blob.type] ?? 'png'
  form.append(name, blob, `${name}.${extension}`)
}

function toBlob(data: Uint8Array | Blob): Blob {
  return data instanceof Blob
    ? data
    : new Blob([data as Uint8Array<ArrayBuffer>], {
        type: sniffImageType(data) ?? 'image/png'
      })
}

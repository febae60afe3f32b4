/**
 * The one way the gateway talks to a provider: an injected fetch, a timeout on every call (covering the
 * body too), `redirect: 'manual'` with same-host-only following, typed errors, and retries per call kind.
 */
import { BodyTooLargeError, readCapped } from './body.js'
import { messageFor, type ProviderIdentity, redact, UpstreamError, type UpstreamErrorCode } from './errors.js'
import { networkError, requestIdOf, responseError } from './failure.js'
import { hostOf, type HostRule, isAllowedUrl } from './hosts.js'
import { type CallKind, sleep as realSleep, withRetry } from './retry.js'

export const DEFAULT_TIMEOUT_MS = 30_000
export const MAX_JSON_BYTES = 8 * 1024 * 1024
export const MAX_REDIRECTS = 3

export interface UpstreamLogEntry {
  readonly provider: string
  readonly event: 'retry'
  readonly attempt: number
  readonly delayMs: number
  readonly code: UpstreamErrorCode
  readonly status?: number
}

export interface UpstreamDeps {
  readonly fetch: typeof fetch
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly now?: () => number
  readonly random?: () => number
  readonly timeoutMs?: number
  readonly maxAttempts?: number
  readonly log?: (entry: UpstreamLogEntry) => void
}

export interface UpstreamConfig extends ProviderIdentity {
  readonly baseUrl: string
  /** Values never to repeat in an error: the key. */
  readonly secrets: readonly string[]
  /** Extra hosts a redirect may lead to (the base URL's origin is always allowed). */
  readonly hosts: readonly HostRule[]
  readonly statusCodes?: Readonly<Partial<Record<number, UpstreamErrorCode>>>
}

export interface CallOptions {
  readonly kind: CallKind
  readonly method?: 'GET' | 'POST' | 'PUT'
  readonly headers?: Readonly<Record<string, string>>
  readonly json?: unknown
  readonly signal?: AbortSignal
  readonly timeoutMs?: number
  readonly maxBytes?: number
  /** Attached to errors when the caller already knows it (a status poll). */
  readonly requestId?: string
}

export interface UpstreamResponse {
  readonly status: number
  readonly headers: Headers
  readonly bytes: Uint8Array
  readonly requestId?: string
}

export interface Upstream {
  readonly config: UpstreamConfig
  requestJson(url: string, options: CallOptions): Promise<UpstreamResponse & { readonly data: unknown }>
  requestBytes(url: string, options: CallOptions): Promise<UpstreamResponse>
  error(
    code: UpstreamErrorCode,
    extra?: { detail?: string; status?: number; requestId?: string }
  ): UpstreamError
}

const AUTH_HEADERS = ['authorization', 'x-api-key', 'cookie']

export function createUpstream(config: UpstreamConfig, deps: UpstreamDeps): Upstream {
  const now = deps.now ?? Date.now
  const fail = (
    code: UpstreamErrorCode,
    extra: { detail?: string; status?: number; requestId?: string } = {}
  ) =>
    new UpstreamError({
      code,
      provider: config.provider,
      message: redact(messageFor(config, code, extra), config.secrets, 2000),
      ...(extra.status !== undefined ? { status: extra.status } : {}),
      ...(extra.requestId ? { requestId: extra.requestId } : {})
    })

  async function once(url: string, options: CallOptions, hops: number): Promise<UpstreamResponse> {
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(
      () => {
        timedOut = true
        controller.abort()
      },
      options.timeoutMs ?? deps.timeoutMs ?? DEFAULT_TIMEOUT_MS
    )
    const onAbort = (): void => controller.abort(options.signal?.reason)
    options.signal?.addEventListener('abort', onAbort, { once: true })
    try {
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
      if (options.json !== undefined) headers['content-type'] = 'application/json'
      const response = await deps.fetch(url, {
        method: options.method ?? 'GET',
        headers,
        redirect: 'manual',
        signal: controller.signal,
        ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {})
      })
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => undefined)
        return await followRedirect(url, response, options, hops)
      }
      if (!response.ok) throw await responseError(config, response, now(), options.requestId)
      const bytes = await readCapped(response, options.maxBytes ?? MAX_JSON_BYTES)
      const requestId = requestIdOf(response.headers) ?? options.requestId
      return {
        status: response.status,
        headers: response.headers,
        bytes,
        ...(requestId ? { requestId } : {})
      }
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason
      if (error instanceof UpstreamError) throw error
      const requestId = options.requestId
      if (timedOut) throw fail('timeout', requestId ? { requestId } : {})
      if (error instanceof BodyTooLargeError) throw fail('too_large')
      throw networkError(config, error, requestId)
    } finally {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
    }
  }

  async function followRedirect(
    from: string,
    response: Response,
    options: CallOptions,
    hops: number
  ): Promise<UpstreamResponse> {
    const location = response.headers.get('location')
    if (!location)
      throw fail('bad_response', { detail: `redirect without a Location (HTTP ${response.status})` })
    const target = new URL(location, from)
    const allowed =
      isAllowedUrl(target, config.hosts, config.baseUrl) || target.origin === new URL(from).origin
    if (!allowed) throw fail('refused', { detail: `a redirect to ${hostOf(target.href)}` })
    if ((options.method ?? 'GET') !== 'GET')
      throw fail('refused', { detail: 'a redirect of a request that may bill' })
    if (hops >= MAX_REDIRECTS) throw fail('refused', { detail: 'too many redirects' })
    const sameOrigin = target.origin === new URL(from).origin
    const headers = Object.fromEntries(
      Object.entries(options.headers ?? {}).filter(
        ([name]) => sameOrigin || !AUTH_HEADERS.includes(name.toLowerCase())
      )
    )
    return once(target.href, { ...options, headers }, hops + 1)
  }

  const retryDeps = {
    sleep: deps.sleep ?? realSleep,
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.maxAttempts ? { maxAttempts: deps.maxAttempts } : {}),
    onRetry: ({ attempt, delayMs, error }: { attempt: number; delayMs: number; error: UpstreamError }) =>
      deps.log?.({
        provider: config.provider,
        event: 'retry',
        attempt,
        delayMs,
        code: error.code,
        ...(error.status !== undefined ? { status: error.status } : {})
      })
  }

  const requestBytes = (url: string, options: CallOptions): Promise<UpstreamResponse> =>
    withRetry(options.kind, retryDeps, () => once(url, options, 0), options.signal)

  function parseJson(response: UpstreamResponse): UpstreamResponse & { readonly data: unknown } {
    try {
      const text = new TextDecoder().decode(response.bytes)
      return { ...response, data: text.trim() ? (JSON.parse(text) as unknown) : null }
    } catch {
      throw fail('bad_response', { detail: 'malformed JSON', status: response.status, ...idOf(response) })
    }
  }

  const requestJson = (url: string, options: CallOptions) =>
    withRetry(options.kind, retryDeps, async () => parseJson(await once(url, options, 0)), options.signal)

  return { config, requestJson, requestBytes, error: fail }
}

function idOf(response: UpstreamResponse): { requestId?: string } {
  return response.requestId ? { requestId: response.requestId } : {}
}

/**
 * Retry policy as data and pure functions. Which calls may repeat:
 * - poll (fal status, Replicate get): 429/500/502/503/504, timeouts and network errors — read-only.
 * - read (cancel and other one-off reads): 429/502/503/504, timeouts and network errors.
 * - result (a finished, paid result: fal's response_url, result downloads): what a poll rides out, and for
 *   longer, RESULT_MAX_ATTEMPTS tries over about two minutes, well within the providers' retention
 *   (Replicate deletes outputs after about an hour): a hiccup must not lose what was paid for.
 * - submit (anything that may bill): only when the request provably never reached the provider
 *   (connection refused, DNS failure) or was turned away unprocessed with 429.
 * Aborts by the caller are never retried.
 */
import { UpstreamError } from './errors.js'

export type CallKind = 'submit' | 'poll' | 'read' | 'result'

export const RETRYABLE_STATUSES: readonly number[] = [429, 502, 503, 504]
/** Status polls also ride out a burst of 500s, as fal's own client does. */
export const POLL_RETRYABLE_STATUSES: readonly number[] = [...RETRYABLE_STATUSES, 500]
export const MAX_ATTEMPTS = 4
/** 0.5 + 1 + 2 + 4 + 8 + 16 + 30 + 30 + 30 s of backoff: about two minutes. */
export const RESULT_MAX_ATTEMPTS = 10
export const BASE_DELAY_MS = 500
export const MAX_DELAY_MS = 30_000
export const BACKOFF_MULTIPLIER = 2
/** ±25 % so that many jobs do not retry in lockstep. */
export const JITTER_RATIO = 0.25

export function isRetryable(status: number, kind: CallKind = 'read'): boolean {
  if (kind === 'submit') return status === 429
  const statuses = kind === 'poll' || kind === 'result' ? POLL_RETRYABLE_STATUSES : RETRYABLE_STATUSES
  return statuses.includes(status)
}

/**
 * Delay before retry number `attempt` (0 = first retry): the server's Retry-After when given, else
 * exponential from BASE_DELAY_MS with jitter; always capped at MAX_DELAY_MS.
 */
export function backoffDelay(
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random
): number {
  if (retryAfterMs !== undefined) return Math.min(MAX_DELAY_MS, Math.max(0, retryAfterMs))
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * BACKOFF_MULTIPLIER ** attempt)
  const jitter = exponential * JITTER_RATIO * (random() * 2 - 1)
  return Math.min(MAX_DELAY_MS, Math.max(0, Math.round(exponential + jitter)))
}

/** Whether this failure of a call of `kind` may be repeated. */
export function shouldRetry(error: unknown, kind: CallKind): boolean {
  if (!(error instanceof UpstreamError)) return false
  if (!error.reached) return true
  if (kind === 'submit') return error.status !== undefined && isRetryable(error.status, kind)
  // A malformed body on a read is more likely a hiccup on the way than the provider's answer.
  if (error.code === 'bad_response') return true
  if (error.status !== undefined) return isRetryable(error.status, kind)
  return error.code === 'timeout' || error.code === 'unavailable'
}

export interface RetryDeps {
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly random?: () => number
  readonly maxAttempts?: number
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: UpstreamError }) => void
}

export async function withRetry<T>(
  kind: CallKind,
  deps: RetryDeps,
  operation: () => Promise<T>,
  signal?: AbortSignal
): Promise<T> {
  const maxAttempts =
    kind === 'result'
      ? Math.max(RESULT_MAX_ATTEMPTS, deps.maxAttempts ?? 0)
      : (deps.maxAttempts ?? MAX_ATTEMPTS)
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation()
    } catch (error) {
      if (signal?.aborted || attempt + 1 >= maxAttempts || !shouldRetry(error, kind)) throw error
      const upstream = error as UpstreamError
      const delayMs = backoffDelay(attempt, upstream.retryAfterMs, deps.random)
      deps.onRetry?.({ attempt: attempt + 1, delayMs, error: upstream })
      await deps.sleep(delayMs, signal)
    }
  }
}

/** A real sleep that ends early (rejecting) when the signal aborts; the client's own, shared. */
export { sleep } from '../../protocol/sleep.js'

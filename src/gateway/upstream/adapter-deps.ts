/** What every provider adapter factory accepts besides its key and URL: the injected world. */
import type { UpstreamDeps, UpstreamLogEntry } from './http.js'

export interface AdapterDeps {
  readonly fetch?: typeof fetch
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly now?: () => number
  readonly random?: () => number
  /** Per-call timeout for status, result and cancel calls. */
  readonly timeoutMs?: number
  readonly maxDownloadBytes?: number
  readonly log?: (entry: UpstreamLogEntry) => void
}

export function upstreamDeps(deps: AdapterDeps): UpstreamDeps {
  return {
    fetch: deps.fetch ?? globalThis.fetch,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    ...(deps.log ? { log: deps.log } : {})
  }
}

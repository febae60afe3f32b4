/**
 * The recent run durations per model, read from the store (shared by instances with Redis, kept across
 * restarts with SQLite) and cached briefly: every job view of a waiting or running job needs them, and an
 * event must be made without waiting on the store, so that events keep their order.
 */
import type { JobStore } from './types.js'

/** How long a cached list serves before it is read again (another instance may have added runs). */
const FRESH_MS = 2_000

interface Cached {
  readonly durations: readonly number[]
  readonly readAt: number
}

export class RunDurations {
  readonly #store: JobStore
  readonly #nowMs: () => number
  readonly #cache = new Map<string, Cached>()
  readonly #reading = new Map<string, Promise<readonly number[]>>()

  constructor(store: JobStore, nowMs: () => number = Date.now) {
    this.#store = store
    this.#nowMs = nowMs
  }

  /**
   * The cached durations without waiting: undefined before the first read (which this starts), so a
   * view made now carries no estimate rather than a wrong count.
   */
  peek(model: string): readonly number[] | undefined {
    const cached = this.#cache.get(model)
    if (!cached || this.#stale(cached)) void this.fresh(model).catch(() => undefined)
    return cached?.durations
  }

  /** The durations, read from the store when the cache is stale. */
  async fresh(model: string): Promise<readonly number[]> {
    const cached = this.#cache.get(model)
    if (cached && !this.#stale(cached)) return cached.durations
    let reading = this.#reading.get(model)
    if (!reading) {
      reading = this.#store
        .recentDurations(model)
        .then((durations) => {
          this.#cache.set(model, { durations, readAt: this.#nowMs() })
          return durations
        })
        .finally(() => this.#reading.delete(model))
      this.#reading.set(model, reading)
    }
    return reading
  }

  /** Stores a finished run and counts it here at once (other instances see it once their cache ages). */
  async record(model: string, ms: number): Promise<void> {
    await this.#store.recordDuration(model, ms)
    this.#cache.delete(model)
    await this.fresh(model)
  }

  #stale(cached: Cached): boolean {
    return this.#nowMs() - cached.readAt > FRESH_MS
  }
}

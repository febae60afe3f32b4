/**
 * Job change notifications within this process: every stored change is published as the job's view.
 * A multi-instance deployment replaces this with pub/sub (e.g. Redis) behind the same two methods.
 */
import type { JobView } from '../../protocol/api.js'

export type JobListener = (view: JobView) => void

export class JobEvents {
  readonly #listeners = new Map<string, Set<JobListener>>()

  /** Calls `listener` with the job's view on every change; returns the unsubscribe function. */
  subscribe(id: string, listener: JobListener): () => void {
    let set = this.#listeners.get(id)
    if (!set) this.#listeners.set(id, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0 && this.#listeners.get(id) === set) this.#listeners.delete(id)
    }
  }

  publish(view: JobView): void {
    for (const listener of this.#listeners.get(view.id) ?? []) listener(view)
  }
}

/**
 * Job change notifications within this process: every stored change is published as the job's view,
 * numbered so an event stream that reconnects with `Last-Event-ID` gets only what it missed. A
 * multi-instance deployment replaces this with pub/sub (e.g. Redis) behind the same methods.
 */
import type { JobStatus, JobView } from '../../protocol/api.js'

/** One published view of a job. `id` rises with every event of the job, also across gateway restarts. */
export interface JobEvent {
  readonly id: number
  readonly status: JobStatus
  /** The view as sent (JSON), also what tells a real change from a repeat; kept instead of the object. */
  readonly data: string
}

export type JobListener = (event: JobEvent) => void

/** What the job service needs of its events: `JobEvents` here, or one shared by instances (Redis). */
export interface JobEventBus {
  subscribe(id: string, listener: JobListener): () => void
  publish(view: JobView): void | Promise<unknown>
  latest(stored: JobView): JobEvent | Promise<JobEvent>
  since(jobId: string, lastId: number): JobEvent[] | undefined | Promise<JobEvent[] | undefined>
  /** Every job's events, wherever they were made (only a shared bus has others' events). */
  watchAll?(watcher: (jobId: string, event: JobEvent) => void): void
}

/** Recent events kept per job for streams that reconnect; older gaps get the current state instead. */
export const KEPT_EVENTS_PER_JOB = 16
/** Jobs whose recent events are kept (a view with its logs is a few kB); the least recently changed go first. */
export const KEPT_JOBS = 200

export class JobEvents implements JobEventBus {
  readonly #listeners = new Map<string, Set<JobListener>>()
  /** Insertion order is change order, so the first key is the least recently changed job. */
  readonly #recent = new Map<string, JobEvent[]>()
  readonly #nowMs: () => number
  #lastId = 0

  constructor(nowMs: () => number = Date.now) {
    this.#nowMs = nowMs
  }

  /** Calls `listener` with every new event of the job; returns the unsubscribe function. */
  subscribe(id: string, listener: JobListener): () => void {
    let set = this.#listeners.get(id)
    if (!set) this.#listeners.set(id, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0 && this.#listeners.get(id) === set) this.#listeners.delete(id)
    }
  }

  /** Records the view as the job's next event and tells the listeners; a repeat of the last view is no event. */
  publish(view: JobView): void {
    const data = JSON.stringify(view)
    if (this.#recent.get(view.id)?.at(-1)?.data === data) return
    const event = this.#record(view, data)
    for (const listener of this.#listeners.get(view.id) ?? []) listener(event)
  }

  /**
   * The job's latest event. `stored` (the view read from the store) becomes the first event only when
   * none is kept: every change is published, so a kept event is never older than the store.
   */
  latest(stored: JobView): JobEvent {
    return this.#recent.get(stored.id)?.at(-1) ?? this.#record(stored, JSON.stringify(stored))
  }

  /**
   * The kept events after `lastId`, oldest first: empty when `lastId` is the latest, undefined when
   * events after it are no longer kept or the id is not one of this gateway's (then send the latest).
   */
  since(jobId: string, lastId: number): JobEvent[] | undefined {
    const recent = this.#recent.get(jobId)
    const oldest = recent?.[0]
    const newest = recent?.at(-1)
    if (!recent || !oldest || !newest || lastId > newest.id) return undefined
    // Ids are not consecutive (one counter for all jobs), so below the oldest kept event nobody can
    // tell whether events were dropped in between.
    if (lastId < oldest.id) return undefined
    return recent.filter((event) => event.id > lastId)
  }

  #record(view: JobView, data: string): JobEvent {
    // One counter for every job, started from the clock in microseconds: ids rise within a job and stay
    // above those of an earlier gateway run, whose ids then read as older than anything kept.
    this.#lastId = Math.max(this.#lastId + 1, this.#nowMs() * 1000)
    const event: JobEvent = { id: this.#lastId, status: view.status, data }
    const recent = this.#recent.get(view.id) ?? []
    this.#recent.delete(view.id)
    this.#recent.set(view.id, [...recent.slice(1 - KEPT_EVENTS_PER_JOB), event])
    if (this.#recent.size > KEPT_JOBS) this.#recent.delete(this.#recent.keys().next().value!)
    return event
  }
}

/**
 * The job core: submit, read, list, cancel, mark inserted, and subscribe to changes. Framework-free; the
 * HTTP layer maps onto it. Jobs are written to the store before any provider call, then run by the
 * executor through a per-provider queue.
 */
import { setTimeout as delay } from 'node:timers/promises'

import { isFinalStatus, type JobView } from '../../protocol/api.js'
import type { ProviderName } from '../../protocol/catalog.js'
import { GatewayError, jobNotFound } from '../errors.js'
import type { Logger } from '../log.js'
import type { ProviderRegistry } from '../providers/registry.js'
import { DataKeyError } from '../store/at-rest.js'
import { RunDurations } from './durations.js'
import { estimateFor, runDuration } from './estimate.js'
import { type JobEvent, type JobEventBus, JobEvents, type JobListener } from './events.js'
import { type ExecutorOptions, JobExecutor } from './executor.js'
import { PreparedInputs } from './prepared-inputs.js'
import { DATA_KEY_MISSING } from './runner.js'
import { type SubmitDeps, submitJob, type SubmitRequest } from './submit.js'
import { IllegalTransitionError } from './transitions.js'
import type { JobPatch, JobRecord, JobStore, StoredImage } from './types.js'
import { toJobView } from './view.js'

export type { JobEvent, JobListener } from './events.js'
export type { SubmitRequest } from './submit.js'

export interface JobServiceOptions {
  readonly store: JobStore
  readonly providers: ProviderRegistry
  readonly logger: Logger
  readonly maxPixels: number
  /** Provider keys, redacted from every provider text a job keeps. */
  readonly secrets?: readonly string[]
  readonly concurrency: Readonly<Record<ProviderName, number>>
  readonly jobTimeoutMs: number
  readonly now?: () => Date
  /** Waits between provider status polls; injected so tests can drive time. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  /** RELIGHT_LOG_PROMPTS=1: the accepted-job log line carries the prompt. */
  readonly logPrompts?: boolean
  /** Told after a designer erased one of their jobs (the audit trail keeps only that it existed). */
  readonly onErased?: (job: JobRecord) => void
  /** Events and the job line shared with other instances (REDIS_URL); default: this process only. */
  readonly events?: JobEventBus
  readonly line?: ExecutorOptions['line']
}

export const LIST_LIMIT_DEFAULT = 20
export const LIST_LIMIT_MAX = 100

/** How long an erase waits for a canceled provider call to return before deleting anyway. */
const ERASE_SETTLE_MS = 10_000

const conflict = (code: string, message: string): GatewayError => new GatewayError(409, code, message)

export class JobService {
  readonly #store: JobStore
  readonly #events: JobEventBus
  readonly #logger: Logger
  readonly #executor: JobExecutor
  readonly #closing = new AbortController()
  readonly #submit: SubmitDeps
  readonly #options: JobServiceOptions
  readonly #durations: RunDurations
  readonly #nowMs: () => number

  constructor(options: JobServiceOptions) {
    this.#options = options
    const store = (this.#store = options.store)
    const events: JobEventBus = (this.#events = options.events ?? new JobEvents())
    this.#logger = options.logger
    const now = options.now ?? (() => new Date())
    this.#nowMs = () => now().getTime()
    this.#durations = new RunDurations(store, this.#nowMs)
    const prepared = new PreparedInputs()
    this.#executor = new JobExecutor({
      ...options,
      prepared,
      update: (id, patch) => this.#update(id, patch),
      sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
      timestamp: () => now().toISOString(),
      onQueueMove: (waiting) => {
        for (const id of waiting) void store.get(id).then((job) => job && this.#publish(job))
      }
    })
    // A job canceled through another instance stops here too, where it runs.
    events.watchAll?.((id, event) => {
      if (event.status === 'canceled') this.#executor.stop(id, 'canceled')
    })
    this.#submit = {
      store,
      providers: options.providers,
      maxPixels: options.maxPixels,
      now: () => now().toISOString(),
      enqueue: (job) => this.#executor.enqueue(job),
      keepPrepared: (id, input) => prepared.put(id, input)
    }
  }

  /** Aborted when the service closes: open event streams end. */
  get closed(): AbortSignal {
    return this.#closing.signal
  }

  /** Validates, stores and queues a relight; `replayed` when an idempotent retry found its job. */
  async submit(owner: string, request: SubmitRequest): Promise<{ job: JobView; replayed: boolean }> {
    if (this.#closing.signal.aborted) {
      throw new GatewayError(503, 'shutting_down', 'The gateway is restarting. Try again in a moment.')
    }
    const { job, replayed } = await submitJob(owner, request, this.#submit)
    // Read before the job's first event, which is made without waiting on the store.
    await this.#durations.fresh(job.model).catch(() => undefined)
    if (!replayed) {
      const prompt = this.#options.logPrompts ? { prompt: job.params.prompt } : {}
      this.#options.logger.info({ jobId: job.id, model: job.model, ...prompt }, 'job accepted')
    }
    return { job: this.#view(job), replayed }
  }

  /** Whether this Idempotency-Key already made one of the owner's jobs: a retry, not a new relight. */
  async isRetry(owner: string, idempotencyKey: string): Promise<boolean> {
    return (await this.#store.findByIdempotencyKey(owner, idempotencyKey)) !== undefined
  }

  async get(owner: string, id: string): Promise<JobView> {
    return this.#viewNow(await this.#owned(owner, id))
  }

  /** The owner's jobs, newest first. */
  async list(owner: string, limit = LIST_LIMIT_DEFAULT): Promise<JobView[]> {
    const jobs = await this.#store.listByOwner(owner, Math.min(Math.max(1, limit), LIST_LIMIT_MAX))
    return Promise.all(jobs.map((job) => this.#viewNow(job)))
  }

  /** Cancels locally and at the provider. A canceled job stays canceled; a finished one cannot be. */
  async cancel(owner: string, id: string): Promise<JobView> {
    const job = await this.#owned(owner, id)
    if (job.status === 'canceled') return this.#view(job)
    const canceled = isFinalStatus(job.status) ? undefined : await this.#update(id, { status: 'canceled' })
    if (!canceled) {
      const latest = await this.#owned(owner, id)
      if (latest.status === 'canceled') return this.#view(latest)
      throw conflict('already_final', `This relight already ${latest.status}; there is nothing to cancel.`)
    }
    this.#executor.stop(id, 'canceled')
    this.#executor.cancelAtProvider(canceled)
    return this.#view(canceled)
  }

  /**
   * Erases one of the owner's jobs: canceled here and at the provider first when still running, then its
   * record, upload and results deleted. Someone else's job is "not found", exactly like a missing one.
   */
  async erase(owner: string, id: string): Promise<void> {
    const job = await this.#owned(owner, id)
    if (!isFinalStatus(job.status)) {
      const canceled = await this.#update(id, { status: 'canceled' })
      this.#executor.stop(id, 'canceled')
      if (canceled) this.#executor.cancelAtProvider(canceled)
      await this.#executor.settled(id, ERASE_SETTLE_MS)
    }
    // A submit still in flight is canceled by its runner once the provider answers with an id (the
    // update storing it is refused, whether the job is canceled or already gone).
    if (await this.#store.erase(id)) this.#options.onErased?.(job)
  }

  /** Records that a plugin placed the results on the canvas (so it is not offered again). */
  async markInserted(owner: string, id: string): Promise<JobView> {
    const job = await this.#owned(owner, id)
    if (job.status !== 'succeeded') {
      throw conflict('not_succeeded', `This relight is ${job.status}; only finished results can be inserted.`)
    }
    if (job.insertedAt) return this.#view(job)
    return this.#view((await this.#update(id, { insertedAt: this.#submit.now() })) ?? job)
  }

  async image(owner: string, id: string, n: number): Promise<StoredImage> {
    const job = await this.#owned(owner, id)
    const image = job.images[n] ? await this.#readResult(id, n) : undefined
    if (image) return image
    if (!isFinalStatus(job.status)) {
      throw conflict('not_ready', `This relight is still ${job.status}; wait until it has succeeded.`)
    }
    const count = job.images.length
    const message = `This relight has ${count} image${count === 1 ? '' : 's'}; there is no image ${n}.`
    throw new GatewayError(404, 'image_not_found', message)
  }

  /** Calls `listener` with the job's next event on every change; returns the unsubscribe function. */
  subscribe(id: string, listener: JobListener): () => void {
    return this.#events.subscribe(id, listener)
  }

  /** The owner's job as its latest event (404 when it is not theirs). */
  async latestEvent(owner: string, id: string): Promise<JobEvent> {
    return await this.#events.latest(await this.get(owner, id))
  }

  /** The events after `lastEventId`, or undefined when they are not all kept (send the latest instead). */
  async eventsSince(id: string, lastEventId: number): Promise<JobEvent[] | undefined> {
    return await this.#events.since(id, lastEventId)
  }

  /** Queues every unfinished job in the store again (after a restart, with a durable store). */
  async resume(): Promise<number> {
    const jobs = await this.#store.listUnfinished()
    for (const model of new Set(jobs.map((job) => job.model))) {
      await this.#durations.fresh(model).catch(() => undefined)
    }
    for (const job of jobs) this.#executor.enqueue(job)
    return jobs.length
  }

  /** Stops the running calls (they stay unfinished in the store for a restart) and ends event streams. */
  async close(): Promise<void> {
    this.#closing.abort()
    await this.#executor.close()
  }

  /**
   * The job has ended: nothing can need its upload again (a restart resumes unfinished jobs only). A
   * failure here is logged; the SQLite store drops what is left when it next opens.
   */
  async #dropInputs(id: string): Promise<void> {
    try {
      await this.#store.deleteInputs(id)
    } catch (err) {
      this.#options.logger.warn({ err, jobId: id }, 'could not delete the upload of a finished job')
    }
  }

  async #readResult(id: string, n: number): Promise<StoredImage | undefined> {
    try {
      return await this.#store.getImage(id, `result/${n}`)
    } catch (error) {
      if (!(error instanceof DataKeyError)) throw error
      this.#options.logger.error({ jobId: id, reason: error.message }, 'stored result cannot be read')
      throw new GatewayError(503, 'data_key_missing', DATA_KEY_MISSING)
    }
  }

  #view(job: JobRecord): JobView {
    const position = this.#executor.position(job.id)
    return toJobView(job, position, this.#estimate(job, position, this.#durations.peek(job.model)))
  }

  #estimate(job: JobRecord, linePosition: number | undefined, durations: readonly number[] | undefined) {
    if (!durations) return undefined
    const concurrency = this.#options.concurrency[job.provider] ?? 1
    return estimateFor(job, {
      durations,
      concurrency,
      nowMs: this.#nowMs(),
      ...(linePosition === undefined ? {} : { linePosition })
    })
  }

  /**
   * The view with the waiting job's place read from the shared line when instances share one, so each
   * instance reports the same position. Redis not answering costs only the position, not the answer.
   */
  async #viewNow(job: JobRecord): Promise<JobView> {
    if (!isFinalStatus(job.status)) await this.#durations.fresh(job.model).catch(() => undefined)
    if (job.status !== 'queued') return this.#view(job)
    const shared = await this.#executor.sharedPosition(job.id).catch(() => undefined)
    if (shared === undefined) return this.#view(job)
    return toJobView(job, shared, this.#estimate(job, shared, this.#durations.peek(job.model)))
  }

  async #owned(owner: string, id: string): Promise<JobRecord> {
    const job = await this.#store.get(id)
    if (!job || job.owner !== owner) throw jobNotFound(id)
    return job
  }

  #publish(job: JobRecord): void {
    // A shared line keeps the waiting job's place in Redis: its event waits for that read. The shared
    // bus refuses a waiting view after a later one, so a job that started meanwhile is not set back.
    const view = job.status === 'queued' && this.#executor.sharesLine ? this.#viewNow(job) : this.#view(job)
    const published =
      view instanceof Promise ? view.then((v) => this.#events.publish(v)) : this.#events.publish(view)
    // A shared bus publishes asynchronously; a lost event costs a stream one update, never the job.
    if (published instanceof Promise) {
      published.catch((err: unknown) => this.#logger.warn({ err, jobId: job.id }, 'job event not published'))
    }
  }

  /** A failure costs later estimates one sample, never the job. */
  async #recordDuration(job: JobRecord): Promise<void> {
    const ms = runDuration(job)
    if (ms === undefined) return
    await this.#durations.record(job.model, ms).catch((err: unknown) => {
      this.#logger.warn({ err, jobId: job.id }, 'run duration not recorded')
    })
  }

  /** Applies a patch and publishes it; undefined when the lifecycle forbids it (e.g. already canceled). */
  async #update(id: string, patch: JobPatch): Promise<JobRecord | undefined> {
    try {
      const job = await this.#store.update(id, patch, this.#submit.now())
      this.#publish(job)
      if (patch.status === 'succeeded') await this.#recordDuration(job)
      if (patch.status !== undefined && isFinalStatus(patch.status)) await this.#dropInputs(id)
      return job
    } catch (error) {
      if (error instanceof IllegalTransitionError) return undefined
      // Erased meanwhile: like a final job, it may no longer change.
      if (!(await this.#store.get(id))) return undefined
      throw error
    }
  }
}

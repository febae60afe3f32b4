/**
 * Running jobs: the per-provider queues, one abort controller and timeout per running job, the provider
 * call (through `runJob`), and cancel at the provider. The service decides what; this decides when.
 */
import { isFinalStatus } from '../../protocol/api.js'
import { findModel, type ProviderName } from '../../protocol/catalog.js'
import type { Logger } from '../log.js'
import type { ProviderRegistry } from '../providers/registry.js'
import { withoutPrompt } from './log-privacy.js'
import { type JobLine, ProviderQueues } from './queue.js'
import { redactText } from './redact-patch.js'
import { type AbortReason, runJob, type RunnerDeps } from './runner.js'
import type { JobRecord } from './types.js'

export interface ExecutorOptions extends RunnerDeps {
  readonly providers: ProviderRegistry
  readonly concurrency: Readonly<Record<ProviderName, number>>
  readonly jobTimeoutMs: number
  readonly logger: Logger
  /** Called with the jobs still waiting whenever a provider's line moves. */
  readonly onQueueMove: (waiting: readonly string[]) => void
  /**
   * A line shared with other instances: runs `start(id)` for each job it hands this one, and `lost(id)`
   * when the job went to another instance meanwhile. Default: the in-process line.
   */
  readonly line?: (start: (id: string) => Promise<void>, lost: (id: string) => void) => JobLine
}

export class JobExecutor {
  readonly #options: ExecutorOptions
  readonly #queues: JobLine
  readonly #controllers = new Map<string, AbortController>()
  readonly #running = new Set<Promise<void>>()
  readonly #runs = new Map<string, Promise<void>>()
  #closed = false

  constructor(options: ExecutorOptions) {
    this.#options = options
    this.#queues =
      options.line?.(
        (id) => this.#start(id),
        (id) => this.#controllers.get(id)?.abort('shutdown' satisfies AbortReason)
      ) ?? new ProviderQueues(options.concurrency, (_provider, waiting) => options.onQueueMove(waiting))
    this.#queues.watchMoves?.((waiting) => options.onQueueMove(waiting))
  }

  /** Whether the line is shared by instances (positions are then read from it, asynchronously). */
  get sharesLine(): boolean {
    return this.#queues.sharedPosition !== undefined
  }

  enqueue(job: JobRecord): void {
    this.#queues.enqueue(job.provider, job.id, () => this.#start(job.id), job.owner)
  }

  /** 1 = next to start; undefined when the job is not waiting in the gateway's line. */
  position(id: string): number | undefined {
    return this.#queues.position(id)
  }

  /** The place in a line shared by instances (undefined with this process's own line). */
  sharedPosition(id: string): Promise<number | undefined> {
    return this.#queues.sharedPosition?.(id) ?? Promise.resolve(undefined)
  }

  /** Takes a waiting job out of the line and aborts a running one. */
  stop(id: string, reason: AbortReason): void {
    this.#queues.remove(id)
    this.#options.prepared.drop(id)
    this.#controllers.get(id)?.abort(reason)
  }

  /** Best effort: the job is already canceled here whatever the provider answers. */
  cancelAtProvider(job: JobRecord): void {
    const model = findModel(job.model)
    const resolved = model ? this.#options.providers.resolve(model) : undefined
    if (!model || !job.providerRequestId || !resolved || !('provider' in resolved)) return
    if (resolved.provider.kind !== 'async') return
    resolved.provider.cancel(job.providerRequestId, model).catch((err: unknown) => {
      const { secrets = [], logPrompts = false } = this.#options
      const text = redactText(err instanceof Error ? err.message : String(err), secrets)
      const message = withoutPrompt(text, job.params.prompt, logPrompts)
      this.#options.logger.warn({ err: { message }, jobId: job.id }, 'provider cancel failed')
    })
  }

  /**
   * Resolves once the job's provider call has returned (or `ms` passed), so an erase does not race a
   * runner still storing results.
   */
  async settled(id: string, ms: number): Promise<void> {
    const run = this.#runs.get(id)
    if (!run) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))
    await Promise.race([run.catch(() => undefined), limit])
    clearTimeout(timer)
  }

  /** Aborts running calls (a durable store keeps those jobs for a restart) and waits for them to settle. */
  async close(): Promise<void> {
    this.#closed = true
    const lineClosed = this.#queues.close?.()
    for (const controller of this.#controllers.values()) controller.abort('shutdown' satisfies AbortReason)
    this.#options.prepared.clear()
    await Promise.allSettled([...this.#running])
    await lineClosed
  }

  async #start(id: string): Promise<void> {
    try {
      await this.#startOnce(id)
    } finally {
      this.#options.prepared.drop(id) // taken by the runner, or never needed
    }
  }

  async #startOnce(id: string): Promise<void> {
    const { store, update, providers, jobTimeoutMs } = this.#options
    if (this.#closed) return // left queued in the store; a restart resumes it
    const job = await store.get(id)
    if (!job || isFinalStatus(job.status) || this.#closed) return
    const model = findModel(job.model)
    const resolved = model ? providers.resolve(model) : { reason: `Unknown model ${job.model}.` }
    if (!model || 'reason' in resolved) {
      const message = 'reason' in resolved ? resolved.reason : `Unknown model ${job.model}.`
      await update(id, { status: 'failed', error: { code: 'model_unavailable', message } })
      return
    }
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort('timeout' satisfies AbortReason), jobTimeoutMs)
    this.#controllers.set(id, controller)
    const run = runJob(job, model, resolved.provider, controller.signal, this.#options)
    this.#running.add(run)
    this.#runs.set(id, run)
    try {
      await run
    } finally {
      clearTimeout(timer)
      this.#controllers.delete(id)
      this.#running.delete(run)
      this.#runs.delete(id)
    }
  }
}

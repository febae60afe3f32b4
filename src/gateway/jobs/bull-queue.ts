/**
 * The job line shared by every gateway instance, on BullMQ: one queue per provider whose global
 * concurrency is the provider's limit (so RELIGHT_CONCURRENCY_<PROVIDER> holds across instances), each
 * instance running a worker on it. Fairness between owners: a job's priority is its owner's virtual
 * start time (start-time fair queueing), so a designer's single job slots in after at most one job of
 * each other waiting owner instead of after a colleague's whole batch, and each owner's jobs keep their
 * order. BullMQ's locks and stalled-job checks hand a job over when its instance dies (kill -9): another
 * worker runs it again, and the runner resumes it by its stored provider request id under the same
 * no-double-submit rules as a restart. On shutdown a running job is handed back to the line at once.
 */
import { type Job, Queue, WaitingError, Worker } from 'bullmq'
import type { Redis } from 'ioredis'

import type { ProviderName } from '../../protocol/catalog.js'
import type { Logger } from '../log.js'
import type { JobLine } from './queue.js'

/** BullMQ's largest priority; past it (millions of jobs without the line ever emptying) order is FIFO. */
const MAX_PRIORITY = 2_097_151

/**
 * ARGV: prefix, provider, owner, cap. The job's virtual start: right after the owner's previous job, but
 * never before the lane's clock (the start of the job that last got a slot). An owner with nothing
 * waiting thus goes next, ahead of a batch whose later jobs sit further in the future.
 */
const FAIR_PRIORITY = `
local h = ARGV[1] .. 'fair:' .. ARGV[2]
local clock = tonumber(redis.call('HGET', h, '@clock') or '0')
local last = tonumber(redis.call('HGET', h, ARGV[3]) or '0')
local priority = math.min(math.max(clock, last + 1), tonumber(ARGV[4]))
redis.call('HSET', h, ARGV[3], priority)
return priority
`

/** ARGV: prefix, provider, priority. A started job moves the lane's clock to its virtual start. */
const ADVANCE_CLOCK = `
local h = ARGV[1] .. 'fair:' .. ARGV[2]
local clock = tonumber(redis.call('HGET', h, '@clock') or '0')
if tonumber(ARGV[3]) > clock then redis.call('HSET', h, '@clock', ARGV[3]) end
return 1
`

interface LineData {
  readonly owner: string
}

export interface BullLineOptions {
  readonly url: string
  /** Prefix of Relight's own keys (the fairness clocks); BullMQ's keys go under `<prefix>bull`. */
  readonly prefix: string
  /** The connection for Relight's own scripts. */
  readonly redis: Redis
  readonly limits: Readonly<Record<ProviderName, number>>
  /** Whether the stored job has reached a final state (or is gone): only then is its line entry done. */
  readonly settled: (jobId: string) => Promise<boolean>
  readonly logger: Logger
  /** How long a dead instance's lock holds its jobs (BullMQ lockDuration). */
  readonly lockMs: number
}

/** A job line entry left without a final state is tried again after this long. */
const RETRY_MS = 1_000

export class BullJobLine implements JobLine {
  readonly #options: BullLineOptions
  readonly #queues = new Map<ProviderName, Queue<LineData>>()
  readonly #workers: Worker<LineData>[] = []
  #closing = false
  #run: (jobId: string) => Promise<void> = async () => {}
  #lost: (jobId: string) => void = () => {}
  #moved: (waiting: readonly string[]) => void = () => {}

  constructor(options: BullLineOptions) {
    this.#options = options
  }

  /**
   * Sets what runs a job on this instance (to its end, or unfinished when this instance shuts down) and
   * what stops such a run when this instance lost the job's lock.
   */
  bind(run: (jobId: string) => Promise<void>, lost: (jobId: string) => void): this {
    this.#run = run
    this.#lost = lost
    return this
  }

  /** Hears the jobs still waiting in a provider's line whenever this instance moved that line. */
  watchMoves(listener: (waiting: readonly string[]) => void): void {
    this.#moved = listener
  }

  /** Creates the per-provider queues and this instance's workers (after `bind`). */
  async start(): Promise<void> {
    const lockDuration = this.#options.lockMs
    for (const [provider, limit] of Object.entries(this.#options.limits) as [ProviderName, number][]) {
      const queue = this.#queue(provider)
      await queue.setGlobalConcurrency(Math.max(1, limit))
      const worker = new Worker<LineData>(queue.name, (job, token) => this.#process(provider, job, token), {
        connection: this.#connection(null),
        prefix: this.#bullPrefix(),
        concurrency: Math.max(1, limit),
        lockDuration,
        stalledInterval: Math.max(500, Math.round(lockDuration / 2)),
        // A job handed over again and again (instances dying in a row) is still never dropped.
        maxStalledCount: Number.MAX_SAFE_INTEGER,
        removeOnComplete: { count: 0 },
        removeOnFail: { count: 0 }
      })
      worker.on('error', (err) => this.#options.logger.warn({ err, provider }, 'job line worker error'))
      // This instance could not renew its lock in time (a stall): another instance may be running the job
      // now, so this run stops and leaves the job to it.
      worker.on('lockRenewalFailed', (ids) => {
        this.#options.logger.warn(
          { jobIds: ids },
          'lost the lock on running jobs; leaving them to another instance'
        )
        for (const id of ids) this.#lost(id)
      })
      this.#workers.push(worker)
    }
  }

  enqueue(provider: ProviderName, jobId: string, _start: () => Promise<void>, owner = ''): void {
    void this.add(provider, jobId, owner)
      .then(() => this.#announce(provider))
      .catch((err: unknown) => {
        // The job stays queued in the store; the next instance start (or resume) puts it in line again.
        this.#options.logger.error({ err, jobId }, 'could not put the job in the shared line')
      })
  }

  /** Adds the job unless it is already in line (BullMQ keeps one entry per job id). */
  async add(provider: ProviderName, jobId: string, owner: string): Promise<void> {
    const { redis, prefix } = this.#options
    const queue = this.#queue(provider)
    // Already in line (or running somewhere): leave its place and its owner's clock alone.
    if (await queue.getJob(jobId)) return
    const priority = Number(await redis.eval(FAIR_PRIORITY, 0, prefix, provider, owner, String(MAX_PRIORITY)))
    await queue.add(
      'relight',
      { owner },
      {
        jobId,
        priority,
        attempts: Number.MAX_SAFE_INTEGER,
        backoff: { type: 'fixed', delay: RETRY_MS },
        removeOnComplete: true,
        removeOnFail: true
      }
    )
  }

  remove(jobId: string): boolean {
    // A waiting entry goes now; a running one ends when its run sees the final state.
    for (const [provider, queue] of this.#queues) {
      void queue
        .remove(jobId)
        .then((removed) => (removed ? this.#announce(provider) : undefined))
        .catch(() => 0)
    }
    return false
  }

  /** The shared line is read from Redis: see `sharedPosition`. */
  position(): number | undefined {
    return undefined
  }

  /**
   * The job's place in its provider's shared line (1 = next to start), read from BullMQ's own waiting
   * sets, so every instance reports the same number. Jobs without a priority (BullMQ's plain wait list)
   * start before prioritized ones; every Relight job has a priority, so that list is normally empty.
   * Undefined when the job is not waiting (running, between retries, or gone).
   */
  async sharedPosition(jobId: string): Promise<number | undefined> {
    const { redis } = this.#options
    for (const queue of this.#queues.values()) {
      const [rank, plain] = await Promise.all([
        redis.zrank(queue.keys.prioritized!, jobId),
        redis.llen(queue.keys.wait!)
      ])
      if (rank !== null) return plain + rank + 1
    }
    return undefined
  }

  /** Stops taking jobs; the ones running here are handed back by their processors (see #process). */
  async close(): Promise<void> {
    this.#closing = true
    await Promise.all(this.#workers.map((worker) => worker.close()))
    await Promise.all([...this.#queues.values()].map((queue) => queue.close()))
  }

  /** Stops fetching new jobs but lets running ones go on (the first step of a drain). */
  async pause(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.pause(true)))
  }

  async #process(provider: ProviderName, job: Job<LineData>, token: string | undefined): Promise<void> {
    const id = job.id!
    const { redis, prefix } = this.#options
    await redis.eval(ADVANCE_CLOCK, 0, prefix, provider, String(job.priority)).catch(() => undefined)
    void this.#announce(provider)
    if (!this.#closing) await this.#run(id)
    if (await this.#options.settled(id)) return
    if (this.#closing) {
      // Shutting down: the job goes back to the line now, for another instance to resume.
      await job.moveToWait(token)
      throw new WaitingError()
    }
    // Not final and not shutting down (e.g. the store was unreachable): BullMQ tries it again.
    throw new Error(`Relight job ${id} did not reach a final state; trying again.`)
  }

  /**
   * Tells the listener who waits in the provider's line now, so their events carry their new place. Every
   * instance hears the events through the shared bus; a failed read costs an update, not the line.
   */
  async #announce(provider: ProviderName): Promise<void> {
    const queue = this.#queue(provider)
    const { redis } = this.#options
    try {
      const [plain, prioritized] = await Promise.all([
        redis.lrange(queue.keys.wait!, 0, -1),
        redis.zrange(queue.keys.prioritized!, '0', '-1')
      ])
      const waiting = [...plain, ...prioritized]
      if (waiting.length) this.#moved(waiting)
    } catch (err) {
      this.#options.logger.warn({ err, provider }, 'could not read the shared line after it moved')
    }
  }

  #queue(provider: ProviderName): Queue<LineData> {
    let queue = this.#queues.get(provider)
    if (!queue) {
      queue = new Queue<LineData>(`relight-${provider}`, {
        connection: this.#connection(1),
        prefix: this.#bullPrefix()
      })
      queue.on('error', (err) => this.#options.logger.warn({ err, provider }, 'job line queue error'))
      this.#queues.set(provider, queue)
    }
    return queue
  }

  #bullPrefix(): string {
    return `${this.#options.prefix}bull`
  }

  /** Workers block and must retry forever (`null`); the producer fails fast so a submit can answer 503. */
  #connection(maxRetriesPerRequest: number | null) {
    return {
      url: this.#options.url,
      maxRetriesPerRequest,
      enableOfflineQueue: maxRetriesPerRequest === null,
      retryStrategy: (times: number) => Math.min(times * 100, 2_000)
    }
  }
}

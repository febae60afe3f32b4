/** The in-memory `JobStore`: jobs and images in maps, gone on restart. */
import { DEFAULT_RETENTION_MS, expiryFor } from './retention.js'
import { assertPatchAllowed } from './transitions.js'
import {
  type ImageSlot,
  INPUT_SLOTS,
  type JobInputs,
  type JobPatch,
  type JobRecord,
  type JobStore,
  type NewJob,
  RUN_DURATIONS_KEPT,
  type StoredImage
} from './types.js'

export interface StoreRetention {
  readonly retentionMs?: number
  /** RELIGHT_KEEP_AFTER_INSERT: results expire this long after the plugin placed them; unset = retention. */
  readonly keepAfterInsertMs?: number
}

export class MemoryJobStore implements JobStore {
  readonly #retentionMs: number
  readonly #keepAfterInsertMs: number | undefined
  /** Insertion order is creation order, so "newest first" is a reverse walk. */
  readonly #jobs = new Map<string, JobRecord>()
  readonly #images = new Map<string, Map<ImageSlot, StoredImage>>()
  readonly #durations = new Map<string, number[]>()

  constructor(options: StoreRetention = {}) {
    this.#retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS
    this.#keepAfterInsertMs = options.keepAfterInsertMs
  }

  async create(job: NewJob, inputs: JobInputs = {}): Promise<JobRecord> {
    if (this.#jobs.has(job.id)) throw new Error(`Job ${job.id} already exists.`)
    const record: JobRecord = { ...job, status: 'queued', logs: [], images: [], updatedAt: job.createdAt }
    this.#jobs.set(job.id, record)
    this.#images.set(job.id, new Map(Object.entries(inputs) as [ImageSlot, StoredImage][]))
    return record
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return this.#jobs.get(id)
  }

  async update(id: string, patch: JobPatch, now: string): Promise<JobRecord> {
    const job = this.#jobs.get(id)
    if (!job) throw new Error(`Job ${id} does not exist.`)
    assertPatchAllowed(job, patch)
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
    const expiresAt = expiryFor(job, patch, now, this.#retentionMs, this.#keepAfterInsertMs)
    const next: JobRecord = { ...job, ...defined, updatedAt: now, ...(expiresAt ? { expiresAt } : {}) }
    this.#jobs.set(id, next)
    return next
  }

  async listByOwner(owner: string, limit: number): Promise<JobRecord[]> {
    const out: JobRecord[] = []
    const all = [...this.#jobs.values()]
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      if (all[i]!.owner === owner) out.push(all[i]!)
    }
    return out
  }

  async findByIdempotencyKey(owner: string, key: string): Promise<JobRecord | undefined> {
    for (const job of this.#jobs.values()) {
      if (job.owner === owner && job.idempotencyKey === key) return job
    }
    return undefined
  }

  async listUnfinished(): Promise<JobRecord[]> {
    return [...this.#jobs.values()].filter((job) => job.status === 'queued' || job.status === 'running')
  }

  async putImage(jobId: string, slot: ImageSlot, image: StoredImage): Promise<void> {
    if (!this.#jobs.has(jobId)) throw new Error(`Job ${jobId} does not exist.`)
    let slots = this.#images.get(jobId)
    if (!slots) this.#images.set(jobId, (slots = new Map()))
    slots.set(slot, image)
  }

  async getImage(jobId: string, slot: ImageSlot): Promise<StoredImage | undefined> {
    return this.#images.get(jobId)?.get(slot)
  }

  async deleteResults(jobId: string): Promise<void> {
    const slots = this.#images.get(jobId)
    for (const slot of slots?.keys() ?? []) if (slot.startsWith('result/')) slots!.delete(slot)
  }

  async deleteInputs(jobId: string): Promise<void> {
    const slots = this.#images.get(jobId)
    for (const slot of INPUT_SLOTS) slots?.delete(slot)
  }

  async erase(jobId: string): Promise<boolean> {
    this.#images.delete(jobId)
    return this.#jobs.delete(jobId)
  }

  async listCreatedBefore(owner: string, before: string): Promise<JobRecord[]> {
    return [...this.#jobs.values()].filter((job) => job.owner === owner && job.createdAt < before)
  }

  async deleteExpired(now: string): Promise<string[]> {
    const expired = [...this.#jobs.values()].filter((job) => job.expiresAt && job.expiresAt <= now)
    for (const job of expired) {
      this.#jobs.delete(job.id)
      this.#images.delete(job.id)
    }
    return expired.map((job) => job.id)
  }

  async recordDuration(model: string, ms: number): Promise<void> {
    const kept = this.#durations.get(model) ?? []
    this.#durations.set(model, [ms, ...kept].slice(0, RUN_DURATIONS_KEPT))
  }

  async recentDurations(model: string): Promise<number[]> {
    return [...(this.#durations.get(model) ?? [])]
  }

  async close(): Promise<void> {
    this.#jobs.clear()
    this.#images.clear()
  }
}

/** The in-memory `JobStore`: jobs and images in maps, gone on restart. */
import { assertPatchAllowed } from './transitions.js'
import type { ImageSlot, JobPatch, JobRecord, JobStore, NewJob, StoredImage } from './types.js'

export class MemoryJobStore implements JobStore {
  /** Insertion order is creation order, so "newest first" is a reverse walk. */
  readonly #jobs = new Map<string, JobRecord>()
  readonly #images = new Map<string, Map<ImageSlot, StoredImage>>()

  async create(job: NewJob): Promise<JobRecord> {
    if (this.#jobs.has(job.id)) throw new Error(`Job ${job.id} already exists.`)
    const record: JobRecord = { ...job, status: 'queued', logs: [], images: [], updatedAt: job.createdAt }
    this.#jobs.set(job.id, record)
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
    const next: JobRecord = { ...job, ...defined, updatedAt: now }
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

  async close(): Promise<void> {
    this.#jobs.clear()
    this.#images.clear()
  }
}

/**
 * The embedded durable `JobStore`: jobs in SQLite (better-sqlite3, WAL) at `<dataDir>/jobs.sqlite`,
 * image bytes as files under `<dataDir>/images/`. Every write is committed before the call returns
 * (synchronous=FULL), so what the runner stored — above all a provider request id — survives kill -9
 * and power loss alike. Status changes are guarded in SQL too: an UPDATE only applies while the row is
 * still in the status it was read in, and a trigger refuses any change out of a final state.
 */
import { mkdirSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'

import Database, { type Database as Db } from 'better-sqlite3'

import { FINAL_STATUSES } from '../../protocol/api.js'
import type { GatewayConfig } from '../env.js'
import type { StoreRetention } from '../jobs/memory-store.js'
import { DEFAULT_RETENTION_MS, expiryFor } from '../jobs/retention.js'
import { assertPatchAllowed, IllegalTransitionError } from '../jobs/transitions.js'
import type {
  ImageSlot,
  JobInputs,
  JobPatch,
  JobRecord,
  JobStore,
  NewJob,
  StoredImage
} from '../jobs/types.js'
import { RUN_DURATIONS_KEPT } from '../jobs/types.js'
import type { DataKey } from './at-rest.js'
import { ImageFiles } from './files.js'
import { migrate } from './migrations.js'
import { type JobRow, toRecord, toRow } from './rows.js'
import { statements } from './statements.js'

export interface SqliteStoreOptions extends StoreRetention {
  /** The data directory (`RELIGHT_DATA_DIR`); created when missing. */
  readonly dir: string
  /** RELIGHT_DATA_KEY: image files are sealed with the first and opened with any. */
  readonly dataKeys?: readonly DataKey[]
  /**
   * Tidy at open (default): orphan files and leftover inputs of final jobs. Off for a second process
   * (an admin command) opening the store while the gateway runs and may be mid-write.
   */
  readonly tidy?: boolean
}

interface ImageRow {
  readonly content_type: string
  readonly width: number
  readonly height: number
}

/** The store as the gateway's configuration asks for it: retention, keep-after-insert, data keys. */
export function sqliteOptions(
  config: Pick<GatewayConfig, 'dataDir' | 'retentionMs' | 'keepAfterInsertMs' | 'dataKeys'>
): SqliteStoreOptions {
  return {
    dir: config.dataDir,
    retentionMs: config.retentionMs,
    dataKeys: config.dataKeys,
    ...(config.keepAfterInsertMs === undefined ? {} : { keepAfterInsertMs: config.keepAfterInsertMs })
  }
}

const definedOnly = (patch: JobPatch): JobPatch =>
  Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))

export class SqliteJobStore implements JobStore {
  readonly #db: Db
  readonly #sql: ReturnType<typeof statements>
  readonly #files: ImageFiles
  readonly #retentionMs: number
  readonly #keepAfterInsertMs: number | undefined

  private constructor(db: Db, files: ImageFiles, retention: StoreRetention) {
    this.#db = db
    this.#sql = statements(db)
    this.#files = files
    this.#retentionMs = retention.retentionMs ?? DEFAULT_RETENTION_MS
    this.#keepAfterInsertMs = retention.keepAfterInsertMs
  }

  /**
   * Opens (or creates) the store, migrates its schema, removes image files no row names and the inputs of
   * jobs that ended while the gateway stopped before dropping them.
   */
  static async open(options: SqliteStoreOptions): Promise<SqliteJobStore> {
    mkdirSync(options.dir, { recursive: true })
    const db = new Database(join(options.dir, 'jobs.sqlite'))
    try {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = FULL')
      db.pragma('foreign_keys = ON')
      db.pragma('busy_timeout = 5000')
      migrate(db)
    } catch (error) {
      db.close()
      throw error
    }
    const store = new SqliteJobStore(
      db,
      new ImageFiles(join(options.dir, 'images'), options.dataKeys),
      options
    )
    if (options.tidy === false) return store
    const leftover = store.#sql.finalInputs.all() as { jobId: string }[]
    for (const jobId of new Set(leftover.map((row) => row.jobId))) await store.deleteInputs(jobId)
    await store.#removeOrphanFiles()
    return store
  }

  /** Input files first, then the job and its image rows in one transaction: no job without its input. */
  async create(job: NewJob, inputs: JobInputs = {}): Promise<JobRecord> {
    const record: JobRecord = { ...job, status: 'queued', logs: [], images: [], updatedAt: job.createdAt }
    if (this.#sql.get.get(job.id)) throw new Error(`Job ${job.id} already exists.`)
    const slots = Object.entries(inputs) as [ImageSlot, StoredImage][]
    for (const [slot, image] of slots) await this.#files.write(job.id, slot, image.bytes)
    try {
      this.#db.transaction(() => {
        this.#sql.insert.run(toRow(record))
        for (const [slot, image] of slots) this.#putImageRow(job.id, slot, image)
      })()
    } catch (error) {
      if (slots.length) await this.#files.remove(job.id)
      throw error
    }
    return record
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const row = this.#sql.get.get(id) as JobRow | undefined
    return row && toRecord(row)
  }

  async update(id: string, patch: JobPatch, now: string): Promise<JobRecord> {
    return this.#db
      .transaction((): JobRecord => {
        const row = this.#sql.get.get(id) as JobRow | undefined
        if (!row) throw new Error(`Job ${id} does not exist.`)
        const job = toRecord(row)
        assertPatchAllowed(job, patch)
        const expiresAt = expiryFor(job, patch, now, this.#retentionMs, this.#keepAfterInsertMs)
        const next: JobRecord = {
          ...job,
          ...definedOnly(patch),
          updatedAt: now,
          ...(expiresAt ? { expiresAt } : {})
        }
        const { changes } = this.#sql.update.run({ ...toRow(next), from: job.status })
        if (changes !== 1) throw new IllegalTransitionError(id, job.status, patch.status)
        return next
      })
      .immediate()
  }

  async listByOwner(owner: string, limit: number): Promise<JobRecord[]> {
    return (this.#sql.byOwner.all(owner, limit) as JobRow[]).map(toRecord)
  }

  async findByIdempotencyKey(owner: string, key: string): Promise<JobRecord | undefined> {
    const row = this.#sql.byKey.get(owner, key) as JobRow | undefined
    return row && toRecord(row)
  }

  async listUnfinished(): Promise<JobRecord[]> {
    return (this.#sql.unfinished.all() as JobRow[]).map(toRecord)
  }

  /** The file first, then its row: a row always points at a whole file. */
  async putImage(jobId: string, slot: ImageSlot, image: StoredImage): Promise<void> {
    if (!this.#sql.get.get(jobId)) throw new Error(`Job ${jobId} does not exist.`)
    await this.#files.write(jobId, slot, image.bytes)
    this.#putImageRow(jobId, slot, image)
  }

  #putImageRow(jobId: string, slot: ImageSlot, image: StoredImage): void {
    const { contentType, width, height } = image
    const row = { job_id: jobId, slot, content_type: contentType, width, height, size: image.bytes.length }
    this.#sql.putImage.run(row)
  }

  async getImage(jobId: string, slot: ImageSlot): Promise<StoredImage | undefined> {
    const row = this.#sql.getImage.get(jobId, slot) as ImageRow | undefined
    const bytes = row && (await this.#files.read(jobId, slot))
    return bytes && { bytes, contentType: row.content_type, width: row.width, height: row.height }
  }

  async deleteResults(jobId: string): Promise<void> {
    const slots = this.#sql.resultSlots.all(jobId) as { slot: ImageSlot }[]
    this.#sql.deleteResults.run(jobId)
    for (const { slot } of slots) await this.#files.remove(jobId, slot)
  }

  /** Rows first: a file whose row is gone is an orphan the next open removes, never a dangling row. */
  async deleteInputs(jobId: string): Promise<void> {
    const slots = this.#sql.inputSlots.all(jobId) as { slot: ImageSlot }[]
    if (!slots.length) return
    this.#sql.deleteInputs.run(jobId)
    for (const { slot } of slots) await this.#files.remove(jobId, slot)
  }

  async erase(jobId: string): Promise<boolean> {
    const { changes } = this.#sql.delete.run(jobId)
    await this.#files.remove(jobId)
    return changes === 1
  }

  async listCreatedBefore(owner: string, before: string): Promise<JobRecord[]> {
    return (this.#sql.byOwnerBefore.all(owner, before) as JobRow[]).map(toRecord)
  }

  async deleteExpired(now: string): Promise<string[]> {
    const ids = this.#db.transaction(() => {
      const expired = (this.#sql.expired.all(now, ...FINAL_STATUSES) as { id: string }[]).map((row) => row.id)
      for (const id of expired) this.#sql.delete.run(id)
      return expired
    })()
    for (const id of ids) await this.#files.remove(id)
    return ids
  }

  async recordDuration(model: string, ms: number): Promise<void> {
    this.#db.transaction(() => {
      this.#sql.insertDuration.run(model, Math.max(0, Math.round(ms)))
      this.#sql.trimDurations.run({ model, keep: RUN_DURATIONS_KEPT })
    })()
  }

  async recentDurations(model: string): Promise<number[]> {
    const rows = this.#sql.recentDurations.all(model, RUN_DURATIONS_KEPT) as { ms: number }[]
    return rows.map((row) => row.ms)
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close()
  }

  async #removeOrphanFiles(): Promise<void> {
    for (const id of await this.#files.jobIds()) {
      if (!this.#sql.get.get(id)) {
        await this.#files.remove(id)
        continue
      }
      const named = new Set(
        (this.#sql.slots.all(id) as { slot: string }[]).map((r) => r.slot.replace('/', '-'))
      )
      for (const name of await this.#files.fileNames(id)) {
        if (!named.has(name)) await rm(join(this.#files.jobDir(id), name), { force: true })
      }
    }
  }
}

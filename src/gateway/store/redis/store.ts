/**
 * The shared `JobStore` for several gateway instances (`REDIS_URL`): job records as JSON, images as
 * hash fields, an index per owner, the unfinished jobs and the expiring ones as sorted sets. A finished
 * job's record and images carry its retention as a Redis TTL, so Redis drops them even when no gateway
 * sweeps; the sweeper still removes them at the same moment and cleans the indexes. Index entries whose
 * job Redis already dropped are skipped and removed as they are met.
 */
import type { Redis } from 'ioredis'

import { isFinalStatus } from '../../../protocol/api.js'
import type { StoreRetention } from '../../jobs/memory-store.js'
import { DEFAULT_RETENTION_MS, expiryFor } from '../../jobs/retention.js'
import { assertPatchAllowed } from '../../jobs/transitions.js'
import {
  type ImageMeta,
  type ImageSlot,
  INPUT_SLOTS,
  type JobInputs,
  type JobPatch,
  type JobRecord,
  type JobStore,
  type NewJob,
  RUN_DURATIONS_KEPT,
  type StoredImage
} from '../../jobs/types.js'
import { type DataKey, seal, unseal } from '../at-rest.js'
import { connectRedis, DEFAULT_PREFIX, guarded } from './connection.js'
import { CREATE, DELETE_RESULTS, PURGE, PUT_IMAGE, UPDATE } from './scripts.js'

export interface RedisStoreOptions extends StoreRetention {
  readonly url: string
  readonly prefix?: string
  /** RELIGHT_DATA_KEY: image bytes are sealed with the first key and opened with any. */
  readonly dataKeys?: readonly DataKey[]
}

/** Compare-and-set rounds before an update gives up (only under a storm of writes to one job). */
const MAX_ROUNDS = 50
const PAGE = 100

const definedOnly = (patch: JobPatch): JobPatch =>
  Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))

const meta = (image: StoredImage): string =>
  JSON.stringify({ contentType: image.contentType, width: image.width, height: image.height })

/** Turns the scripts' tagged errors into the messages the other stores give. */
function scriptError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : ''
  const tagged = /RELIGHT_(?:EXISTS|MISSING) (.*)$/.exec(message)
  return tagged ? new Error(tagged[1]) : error
}

export class RedisJobStore implements JobStore {
  readonly #redis: Redis
  readonly #prefix: string
  readonly #retentionMs: number
  readonly #keepAfterInsertMs: number | undefined
  readonly #keys: readonly DataKey[]

  private constructor(redis: Redis, prefix: string, options: RedisStoreOptions) {
    this.#redis = redis
    this.#prefix = prefix
    this.#retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS
    this.#keepAfterInsertMs = options.keepAfterInsertMs
    this.#keys = options.dataKeys ?? []
  }

  static async open(options: RedisStoreOptions): Promise<RedisJobStore> {
    const redis = await connectRedis(options.url)
    return new RedisJobStore(redis, options.prefix ?? DEFAULT_PREFIX, options)
  }

  /** The connection, for the health check. */
  get redis(): Redis {
    return this.#redis
  }

  async create(job: NewJob, inputs: JobInputs = {}): Promise<JobRecord> {
    const record: JobRecord = { ...job, status: 'queued', logs: [], images: [], updatedAt: job.createdAt }
    const images = (Object.entries(inputs) as [ImageSlot, StoredImage][]).flatMap(([slot, image]) => [
      slot,
      this.#sealed(job.id, slot, image),
      meta(image)
    ])
    const args = [this.#prefix, job.id, job.owner, JSON.stringify(record), job.idempotencyKey ?? '']
    await this.#eval(CREATE, [...args, ...images])
    return record
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const json = await guarded(() => this.#redis.get(this.#key('job', id)))
    return json ? (JSON.parse(json) as JobRecord) : undefined
  }

  async update(id: string, patch: JobPatch, now: string): Promise<JobRecord> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const json = await guarded(() => this.#redis.get(this.#key('job', id)))
      if (!json) throw new Error(`Job ${id} does not exist.`)
      const job = JSON.parse(json) as JobRecord
      assertPatchAllowed(job, patch)
      const expiresAt = expiryFor(job, patch, now, this.#retentionMs, this.#keepAfterInsertMs)
      const next: JobRecord = {
        ...job,
        ...definedOnly(patch),
        updatedAt: now,
        ...(expiresAt ? { expiresAt } : {})
      }
      const final = expiresAt && isFinalStatus(next.status)
      const ttl = final ? String(Math.max(1, Date.parse(expiresAt) - Date.parse(now))) : ''
      const expiresMs = expiresAt ? String(Date.parse(expiresAt)) : ''
      const applied = await this.#eval(UPDATE, [this.#prefix, id, json, JSON.stringify(next), ttl, expiresMs])
      if (applied === 1) return next
      if (applied === -1) throw new Error(`Job ${id} does not exist.`)
    }
    throw new Error(`Job ${id} changed too often to update; try again.`)
  }

  async listByOwner(owner: string, limit: number): Promise<JobRecord[]> {
    const index = this.#key('owner', owner)
    const out: JobRecord[] = []
    for (let start = 0; out.length < limit; start += PAGE) {
      const ids = await guarded(() => this.#redis.zrevrange(index, start, start + PAGE - 1))
      if (!ids.length) break
      out.push(...(await this.#records(index, ids)))
    }
    return out.slice(0, limit)
  }

  async findByIdempotencyKey(owner: string, key: string): Promise<JobRecord | undefined> {
    const id = await guarded(() => this.#redis.hget(this.#key('idem', owner), key))
    const job = id ? await this.get(id) : undefined
    return job?.owner === owner && job.idempotencyKey === key ? job : undefined
  }

  async listUnfinished(): Promise<JobRecord[]> {
    const index = `${this.#prefix}unfinished`
    const ids = await guarded(() => this.#redis.zrange(index, '0', '-1'))
    return ids.length ? this.#records(index, ids) : []
  }

  async putImage(jobId: string, slot: ImageSlot, image: StoredImage): Promise<void> {
    await this.#eval(PUT_IMAGE, [this.#prefix, jobId, slot, this.#sealed(jobId, slot, image), meta(image)])
  }

  async getImage(jobId: string, slot: ImageSlot): Promise<StoredImage | undefined> {
    const [bytes, metaBytes] = await guarded(() =>
      this.#redis.hmgetBuffer(this.#key('img', jobId), slot, `meta:${slot}`)
    )
    if (!bytes || !metaBytes) return undefined
    const { contentType, width, height } = JSON.parse(metaBytes.toString('utf8')) as ImageMeta
    return {
      bytes: unseal(new Uint8Array(bytes), `${jobId}/${slot}`, this.#keys),
      contentType,
      width,
      height
    }
  }

  async deleteResults(jobId: string): Promise<void> {
    await this.#eval(DELETE_RESULTS, [this.#prefix, jobId])
  }

  async deleteInputs(jobId: string): Promise<void> {
    const fields = INPUT_SLOTS.flatMap((slot) => [slot, `meta:${slot}`])
    await guarded(() => this.#redis.hdel(this.#key('img', jobId), ...fields))
  }

  async erase(jobId: string): Promise<boolean> {
    return (await this.#eval(PURGE, [this.#prefix, jobId])) === 1
  }

  async listCreatedBefore(owner: string, before: string): Promise<JobRecord[]> {
    const index = this.#key('owner', owner)
    const ids = await guarded(() => this.#redis.zrange(index, '0', '-1'))
    const jobs = ids.length ? await this.#records(index, ids) : []
    return jobs.filter((job) => job.createdAt < before)
  }

  async deleteExpired(now: string): Promise<string[]> {
    const due = await guarded(() =>
      this.#redis.zrangebyscore(`${this.#prefix}expiring`, '-inf', String(Date.parse(now)))
    )
    const deleted: string[] = []
    for (const id of due) {
      // Another instance's sweeper (or the TTL) may have been first: only count what this one removed.
      if ((await this.#eval(PURGE, [this.#prefix, id])) === 1) deleted.push(id)
    }
    return deleted
  }

  /** One capped list per model, shared by every instance (no TTL: it names nobody and stays small). */
  async recordDuration(model: string, ms: number): Promise<void> {
    const key = this.#key('durations', model)
    await guarded(() =>
      this.#redis
        .multi()
        .lpush(key, String(Math.max(0, Math.round(ms))))
        .ltrim(key, 0, RUN_DURATIONS_KEPT - 1)
        .exec()
    )
  }

  async recentDurations(model: string): Promise<number[]> {
    const kept = await guarded(() =>
      this.#redis.lrange(this.#key('durations', model), 0, RUN_DURATIONS_KEPT - 1)
    )
    return kept.map(Number).filter((ms) => Number.isFinite(ms))
  }

  async close(): Promise<void> {
    if (this.#redis.status !== 'end') await this.#redis.quit().catch(() => this.#redis.disconnect())
  }

  #sealed(jobId: string, slot: ImageSlot, image: StoredImage): Buffer {
    return Buffer.from(seal(image.bytes, `${jobId}/${slot}`, this.#keys))
  }

  #key(kind: 'job' | 'img' | 'owner' | 'idem' | 'durations', id: string): string {
    return `${this.#prefix}${kind}:${id}`
  }

  /** The records of `ids` in order; ids whose job has expired are dropped from `index`. */
  async #records(index: string, ids: readonly string[]): Promise<JobRecord[]> {
    const jsons = await guarded(() => this.#redis.mget(...ids.map((id) => this.#key('job', id))))
    const gone = ids.filter((_, n) => !jsons[n])
    if (gone.length) await guarded(() => this.#redis.zrem(index, ...gone))
    return jsons.flatMap((json) => (json ? [JSON.parse(json) as JobRecord] : []))
  }

  async #eval(script: string, args: readonly (string | Buffer)[]): Promise<unknown> {
    try {
      return await guarded(() => this.#redis.eval(script, 0, ...args))
    } catch (error) {
      throw scriptError(error)
    }
  }
}

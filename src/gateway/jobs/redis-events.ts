/**
 * Job events shared by every gateway instance through Redis: each change is numbered by a counter per
 * job in Redis (so an event id means the same on every instance, and a stream that reconnects through
 * another instance with `Last-Event-ID` resumes exactly), the job's recent events are kept in a capped
 * list, and the event is published on one channel that every instance subscribes to and hands to its
 * local listeners. The instance that made the change and the one holding the client's stream need not
 * be the same.
 */
import type { Redis } from 'ioredis'

import type { JobView } from '../../protocol/api.js'
import { connectRedis, guarded } from '../store/redis/connection.js'
import { type JobEvent, type JobListener, KEPT_EVENTS_PER_JOB } from './events.js'

/** ARGV: prefix, job id, data, status, kept count, ttl ms. Returns the event as JSON, or false for a repeat. */
const PUBLISH = `
local p, id, data = ARGV[1], ARGV[2], ARGV[3]
local list = p .. 'events:' .. id
local last = redis.call('LINDEX', list, -1)
if last then
  local previous = cjson.decode(last)
  if previous.data == data then return false end
  -- Nothing leaves a final state: a late view from another instance must not follow the final one.
  local final = { succeeded = true, failed = true, canceled = true }
  if final[previous.status] and previous.status ~= ARGV[4] then return false end
  -- Nor does anything go back to waiting: a waiting view made before the job started comes too late.
  if ARGV[4] == 'queued' and previous.status ~= 'queued' then return false end
end
local n = redis.call('INCR', p .. 'evseq:' .. id)
local event = cjson.encode({ job = id, id = n, status = ARGV[4], data = data })
redis.call('RPUSH', list, event)
redis.call('LTRIM', list, -tonumber(ARGV[5]), -1)
redis.call('PEXPIRE', list, ARGV[6])
redis.call('PEXPIRE', p .. 'evseq:' .. id, ARGV[6])
redis.call('PUBLISH', p .. 'events', event)
return event
`

interface WireEvent extends JobEvent {
  readonly job: string
}

const strip = ({ id, status, data }: WireEvent): JobEvent => ({ id, status, data })

export interface RedisJobEventsOptions {
  readonly url: string
  readonly prefix: string
  /** How long a job's event counter and recent events live after its last change. */
  readonly ttlMs: number
  readonly onError: (error: unknown) => void
}

export class RedisJobEvents {
  readonly #redis: Redis
  readonly #sub: Redis
  readonly #options: RedisJobEventsOptions
  readonly #listeners = new Map<string, Set<JobListener>>()
  readonly #watchers = new Set<(jobId: string, event: JobEvent) => void>()

  private constructor(redis: Redis, sub: Redis, options: RedisJobEventsOptions) {
    this.#redis = redis
    this.#sub = sub
    this.#options = options
    sub.on('message', (_channel: string, message: string) => this.#deliver(message))
  }

  static async open(options: RedisJobEventsOptions): Promise<RedisJobEvents> {
    const redis = await connectRedis(options.url)
    // The subscriber resubscribes by itself after a reconnect (ioredis autoResubscribe).
    const sub = await connectRedis(options.url, { enableOfflineQueue: true })
    await sub.subscribe(`${options.prefix}events`)
    return new RedisJobEvents(redis, sub, options)
  }

  subscribe(id: string, listener: JobListener): () => void {
    let set = this.#listeners.get(id)
    if (!set) this.#listeners.set(id, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0 && this.#listeners.get(id) === set) this.#listeners.delete(id)
    }
  }

  /** Every event of every job, from any instance (e.g. to stop a local run canceled elsewhere). */
  watchAll(watcher: (jobId: string, event: JobEvent) => void): void {
    this.#watchers.add(watcher)
  }

  /** Records the view as the job's next event; listeners hear it when it comes back on the channel. */
  async publish(view: JobView): Promise<JobEvent | undefined> {
    const json = await this.#eval(view.id, JSON.stringify(view), view.status)
    return json ? strip(JSON.parse(json) as WireEvent) : undefined
  }

  async latest(stored: JobView): Promise<JobEvent> {
    const last = await guarded(() => this.#redis.lindex(this.#key(stored.id), -1))
    if (last) return strip(JSON.parse(last) as WireEvent)
    return (await this.publish(stored)) ?? this.latest(stored)
  }

  /** Same rules as in one process; ids here are consecutive per job, so any gap is visible. */
  async since(jobId: string, lastId: number): Promise<JobEvent[] | undefined> {
    const kept = await guarded(() => this.#redis.lrange(this.#key(jobId), 0, -1))
    const recent = kept.map((json) => strip(JSON.parse(json) as WireEvent))
    const oldest = recent[0]
    const newest = recent.at(-1)
    if (!oldest || !newest || lastId > newest.id || lastId < oldest.id - 1) return undefined
    return recent.filter((event) => event.id > lastId)
  }

  async ping(): Promise<void> {
    await guarded(() => this.#redis.ping())
  }

  async close(): Promise<void> {
    this.#listeners.clear()
    this.#watchers.clear()
    await Promise.all(
      [this.#redis, this.#sub].map((client) => client.quit().catch(() => client.disconnect()))
    )
  }

  #key(jobId: string): string {
    return `${this.#options.prefix}events:${jobId}`
  }

  async #eval(jobId: string, data: string, status: string): Promise<string | null> {
    const { prefix, ttlMs } = this.#options
    const args = [prefix, jobId, data, status, String(KEPT_EVENTS_PER_JOB), String(ttlMs)]
    return (await guarded(() => this.#redis.eval(PUBLISH, 0, ...args))) as string | null
  }

  #deliver(message: string): void {
    let wire: WireEvent
    try {
      wire = JSON.parse(message) as WireEvent
    } catch (error) {
      this.#options.onError(error)
      return
    }
    const event = strip(wire)
    for (const watcher of this.#watchers) watcher(wire.job, event)
    for (const listener of this.#listeners.get(wire.job) ?? []) listener(event)
  }
}

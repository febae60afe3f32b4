/**
 * Tokens in the shared Redis (REDIS_URL). One hash per token holds its record and the secret's SHA-256;
 * two index hashes map a digest and an active name to the token's id, and a list keeps creation order.
 * Create and revoke are Lua scripts, so two admins creating the same name at once get one token and one
 * clear refusal, and a revoked token's name is free again in the same step. A lost connection is the
 * gateway's 503 `redis_unavailable`, as for every other shared state.
 */
import type { Redis } from 'ioredis'

import { guarded } from '../store/redis/connection.js'
import type { TokenStorage } from './token-store.js'
import {
  digest,
  nameTaken,
  newToken,
  noActiveToken,
  sameDigest,
  TOKEN_SHAPE,
  tokenName,
  type TokenRecord
} from './tokens.js'

// KEYS: names, digests, record, order. ARGV: name, id, digest, quota ('' = default), createdAt.
const CREATE = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[2])
redis.call('HSET', KEYS[3], 'id', ARGV[2], 'name', ARGV[1], 'hash', ARGV[3], 'dailyQuota', ARGV[4], 'createdAt', ARGV[5])
redis.call('RPUSH', KEYS[4], ARGV[2])
return 1`

// KEYS: record, names. ARGV: revokedAt. A second revoke keeps the first time.
const REVOKE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSETNX', KEYS[1], 'revokedAt', ARGV[1])
local name = redis.call('HGET', KEYS[1], 'name')
local id = redis.call('HGET', KEYS[1], 'id')
if redis.call('HGET', KEYS[2], name) == id then redis.call('HDEL', KEYS[2], name) end
return 1`

function toRecord(fields: Record<string, string>): TokenRecord | undefined {
  if (!fields.id || !fields.name || !fields.createdAt) return undefined
  return {
    id: fields.id,
    name: fields.name,
    dailyQuota: fields.dailyQuota ? Number(fields.dailyQuota) : null,
    createdAt: fields.createdAt,
    revokedAt: fields.revokedAt ?? null,
    lastUsedAt: fields.lastUsedAt ?? null
  }
}

export class RedisTokenStore implements TokenStorage {
  #seen = false

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => Date = () => new Date()
  ) {}

  get #names(): string {
    return `${this.prefix}tokens:names`
  }
  get #digests(): string {
    return `${this.prefix}tokens:digests`
  }
  get #order(): string {
    return `${this.prefix}tokens:order`
  }
  #record(id: string): string {
    return `${this.prefix}tokens:id:${id}`
  }

  create(name: string, dailyQuota: number | null): Promise<{ token: string; record: TokenRecord }> {
    return guarded(() => this.#create(name, dailyQuota))
  }

  list(): Promise<TokenRecord[]> {
    return guarded(() => this.#list())
  }

  revoke(nameOrId: string): Promise<TokenRecord> {
    return guarded(() => this.#revoke(nameOrId))
  }

  verify(secret: string): Promise<TokenRecord | undefined> {
    return guarded(() => this.#verify(secret))
  }

  touch(id: string): Promise<void> {
    return guarded(() => this.#touch(id))
  }

  byId(id: string): Promise<TokenRecord | undefined> {
    return guarded(() => this.#byId(id))
  }

  anyToken(): Promise<boolean> {
    return guarded(() => this.#anyToken())
  }

  activeCount(): Promise<number> {
    return guarded(() => this.#activeCount())
  }

  async #create(name: string, dailyQuota: number | null): Promise<{ token: string; record: TokenRecord }> {
    const trimmed = tokenName(name)
    const { token, id } = newToken()
    const keys = [this.#names, this.#digests, this.#record(id), this.#order]
    const args = [trimmed, id, digest(token).toString('hex'), dailyQuota === null ? '' : String(dailyQuota)]
    const created = await this.redis.eval(CREATE, keys.length, ...keys, ...args, this.now().toISOString())
    if (created !== 1) throw nameTaken(trimmed)
    this.#seen = true
    return { token, record: (await this.#byId(id))! }
  }

  async #list(): Promise<TokenRecord[]> {
    const ids = await this.redis.lrange(this.#order, 0, -1)
    const records = await Promise.all(ids.map((id) => this.#byId(id)))
    return records.filter((record): record is TokenRecord => record !== undefined)
  }

  async #revoke(nameOrId: string): Promise<TokenRecord> {
    const wanted = nameOrId.trim()
    const id = (await this.redis.hget(this.#names, wanted)) ?? wanted
    const done = await this.redis.eval(REVOKE, 2, this.#record(id), this.#names, this.now().toISOString())
    const record = done === 1 ? await this.#byId(id) : undefined
    if (!record) throw noActiveToken(nameOrId)
    return record
  }

  async #verify(secret: string): Promise<TokenRecord | undefined> {
    if (!TOKEN_SHAPE.test(secret)) return undefined
    const computed = digest(secret)
    const id = await this.redis.hget(this.#digests, computed.toString('hex'))
    if (!id) return undefined
    const fields = await this.redis.hgetall(this.#record(id))
    if (!fields.hash || !sameDigest(fields.hash, computed)) return undefined
    return toRecord(fields)
  }

  async #touch(id: string): Promise<void> {
    // HSET only on an existing record: a touch racing a purge must not leave a half record behind.
    if (await this.redis.exists(this.#record(id)))
      await this.redis.hset(this.#record(id), 'lastUsedAt', this.now().toISOString())
  }

  async #byId(id: string): Promise<TokenRecord | undefined> {
    return toRecord(await this.redis.hgetall(this.#record(id)))
  }

  async #anyToken(): Promise<boolean> {
    this.#seen ||= (await this.redis.llen(this.#order)) > 0
    return this.#seen
  }

  #activeCount(): Promise<number> {
    return this.redis.hlen(this.#names)
  }
}

/**
 * Where the gateway's tokens live: auth.sqlite in the data directory for one gateway, the shared Redis
 * (REDIS_URL) for several instances, so a token created once works everywhere and a revoke reaches them all.
 * Both keep only the secret's SHA-256.
 */
import type { Redis } from 'ioredis'

import { ConfigError, type GatewayConfig } from '../env.js'
import { connectRedis } from '../store/redis/connection.js'
import { openAuthDb } from './db.js'
import { RedisTokenStore } from './redis-tokens.js'
import { type TokenRecord, TokenStore } from './tokens.js'

export interface TokenStorage {
  /** Creates a token and returns its secret: the only time it exists outside the caller's hands. */
  create(name: string, dailyQuota: number | null): Promise<{ token: string; record: TokenRecord }>
  list(): Promise<TokenRecord[]>
  /** Revokes the active token with this name, or the token with this id. */
  revoke(nameOrId: string): Promise<TokenRecord>
  /** The token a bearer secret belongs to, revoked ones included. */
  verify(secret: string): Promise<TokenRecord | undefined>
  touch(id: string): Promise<void>
  byId(id: string): Promise<TokenRecord | undefined>
  /** Whether any token was ever created: from then on auth stays on. */
  anyToken(): Promise<boolean>
  activeCount(): Promise<number>
}

/** The single-gateway store (auth.sqlite) behind the same asynchronous face as the shared one. */
export class SqliteTokenStorage implements TokenStorage {
  constructor(private readonly store: TokenStore) {}
  create(name: string, dailyQuota: number | null): Promise<{ token: string; record: TokenRecord }> {
    return Promise.resolve().then(() => this.store.create(name, dailyQuota))
  }
  list(): Promise<TokenRecord[]> {
    return Promise.resolve(this.store.list())
  }
  revoke(nameOrId: string): Promise<TokenRecord> {
    return Promise.resolve().then(() => this.store.revoke(nameOrId))
  }
  verify(secret: string): Promise<TokenRecord | undefined> {
    return Promise.resolve(this.store.verify(secret))
  }
  touch(id: string): Promise<void> {
    return Promise.resolve(this.store.touch(id))
  }
  byId(id: string): Promise<TokenRecord | undefined> {
    return Promise.resolve(this.store.byId(id))
  }
  anyToken(): Promise<boolean> {
    return Promise.resolve(this.store.anyToken())
  }
  activeCount(): Promise<number> {
    return Promise.resolve(this.store.activeCount())
  }
}

/** The shared token store on an open Redis connection (REDIS_URL), under the deployment's key prefix. */
export function redisTokens(client: Redis, prefix: string, now?: () => Date): TokenStorage {
  return new RedisTokenStore(client, prefix, now)
}

/**
 * Runs `use` with the token store the configuration points at, opened for this call only (the admin
 * command, the listen check). Resolves to undefined, without calling `use`, when there is no auth.sqlite
 * yet and `create` is false.
 */
export async function withTokenStorage<T>(
  config: Pick<GatewayConfig, 'dataDir' | 'redisUrl' | 'redisPrefix'>,
  create: boolean,
  use: (tokens: TokenStorage) => Promise<T>
): Promise<T | undefined> {
  if (config.redisUrl) {
    // Said in one line by the admin command and by `serve`, as a setting to check rather than a crash.
    const redis = await connectRedis(config.redisUrl).catch((error: unknown) => {
      throw new ConfigError(`${(error as Error).message}. Check REDIS_URL and that Redis is running.`)
    })
    try {
      return await use(redisTokens(redis, config.redisPrefix))
    } finally {
      await redis.quit().catch(() => redis.disconnect())
    }
  }
  const db = openAuthDb(config.dataDir, { create })
  if (!db) return undefined
  try {
    return await use(new SqliteTokenStorage(new TokenStore(db)))
  } finally {
    db.close()
  }
}

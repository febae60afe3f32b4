/** The store `serve()` uses: shared Redis when REDIS_URL is set, else SQLite in the data directory. */
import type { GatewayConfig } from '../env.js'
import type { JobStore } from '../jobs/types.js'
import { RedisJobStore, type RedisStoreOptions } from './redis/store.js'
import { SqliteJobStore, sqliteOptions } from './sqlite-store.js'

/** `tidy: false` for a second process (an admin command) opening the store while the gateway runs. */
export async function openStore(config: GatewayConfig, options: { tidy?: boolean } = {}): Promise<JobStore> {
  return config.redisUrl
    ? RedisJobStore.open({ url: config.redisUrl, ...redisRetention(config) })
    : SqliteJobStore.open({ ...sqliteOptions(config), ...options })
}

/** Retention, keep-after-insert and data keys for the Redis store, as the configuration asks. */
export function redisRetention(
  config: Pick<GatewayConfig, 'redisPrefix' | 'retentionMs' | 'keepAfterInsertMs' | 'dataKeys'>
): Omit<RedisStoreOptions, 'url'> {
  return {
    prefix: config.redisPrefix,
    retentionMs: config.retentionMs,
    dataKeys: config.dataKeys,
    ...(config.keepAfterInsertMs === undefined ? {} : { keepAfterInsertMs: config.keepAfterInsertMs })
  }
}

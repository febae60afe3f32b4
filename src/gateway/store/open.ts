/** The store `serve()` uses: shared Redis when REDIS_URL is set, else SQLite in the data directory. */
import type { GatewayConfig } from '../env.js'
import type { JobStore } from '../jobs/types.js'
import { RedisJobStore } from './redis/store.js'
import { SqliteJobStore } from './sqlite-store.js'

export async function openStore(config: GatewayConfig): Promise<JobStore> {
  const { retentionMs } = config
  return config.redisUrl
    ? RedisJobStore.open({ url: config.redisUrl, retentionMs })
    : SqliteJobStore.open({ dir: config.dataDir, retentionMs })
}

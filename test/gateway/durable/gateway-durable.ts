/** A real gateway on a SQLite store in a temp dir, restartable on the same dir. */
import type { GatewayConfig } from '../../../src/gateway/env.js'
import type { GatewayOverrides } from '../../../src/gateway/gateway.js'
import type { RunningGateway } from '../../../src/gateway/server.js'
import { SqliteJobStore } from '../../../src/gateway/store/sqlite-store.js'
import { getJob, startTestGateway, waitFor } from '../helpers.js'

export const ICLIGHT = { model: 'fal/iclight-v2', prompt: 'warm sunset', lightSource: 'left' } as const

export async function startDurable(
  dir: string,
  config: Partial<GatewayConfig> = {},
  overrides: GatewayOverrides = {}
): Promise<RunningGateway> {
  const store = await SqliteJobStore.open({
    dir,
    ...(config.retentionMs ? { retentionMs: config.retentionMs } : {})
  })
  return startTestGateway({ keys: { FAL_KEY: 'test-key' }, ...config }, { store, ...overrides })
}

export function waitForStatus(base: string, id: string, status: string, ms = 5000) {
  return waitFor(
    async () => {
      const job = await getJob(base, id)
      return job.status === status ? job : undefined
    },
    `${id} ${status}`,
    ms
  )
}

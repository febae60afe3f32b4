/** The CLI's gateway: a remote one by URL, or the same gateway built in-process on an in-memory store. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { openAccess } from '../gateway/auth/caller.js'
import { loadConfig } from '../gateway/env.js'
import { createGateway } from '../gateway/gateway.js'
import { MemoryJobStore } from '../gateway/jobs/memory-store.js'
import { createGatewayClient, type GatewayClient } from '../protocol/client.js'
import { flagWords } from './flag-words.js'

export interface Connection {
  readonly client: GatewayClient
  close(): Promise<void>
}

const IN_PROCESS_ORIGIN = 'http://relight.in-process'

export async function connect(
  gateway: string | undefined,
  token: string | undefined,
  env: NodeJS.ProcessEnv
): Promise<Connection> {
  if (gateway) {
    return {
      client: createGatewayClient({ baseUrl: gateway, words: flagWords, ...(token ? { token } : {}) }),
      close: async () => {}
    }
  }
  // The in-process gateway reads provider keys from this environment, so provider models work here too.
  // It keeps nothing: jobs in memory, its data directory a temporary one, and no tokens to ask for.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'relight-cli-'))
  const config = { ...loadConfig(env), dataDir, logLevel: 'silent' as const }
  const local = await createGateway(config, { store: new MemoryJobStore(), auth: openAccess })
  const inProcessFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    Promise.resolve(local.app.request(input instanceof Request ? input : String(input), init))
  return {
    client: createGatewayClient({
      baseUrl: IN_PROCESS_ORIGIN,
      words: flagWords,
      fetch: inProcessFetch as typeof fetch
    }),
    close: async () => {
      await local.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}

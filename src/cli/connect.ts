/** The CLI's gateway: a remote one by URL, or the same gateway built in-process on an in-memory store. */
import { loadConfig } from '../gateway/env.js'
import { createGateway } from '../gateway/gateway.js'
import { MemoryJobStore } from '../gateway/jobs/memory-store.js'
import { createGatewayClient, type GatewayClient } from '../protocol/client.js'

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
      client: createGatewayClient({ baseUrl: gateway, ...(token ? { token } : {}) }),
      close: async () => {}
    }
  }
  // The in-process gateway reads provider keys from this environment, so provider models work here too.
  const config = { ...loadConfig(env), logLevel: 'silent' as const }
  const local = await createGateway(config, { store: new MemoryJobStore() })
  const inProcessFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    Promise.resolve(local.app.request(input instanceof Request ? input : String(input), init))
  return {
    client: createGatewayClient({ baseUrl: IN_PROCESS_ORIGIN, fetch: inProcessFetch as typeof fetch }),
    close: () => local.close()
  }
}

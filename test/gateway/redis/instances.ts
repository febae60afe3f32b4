/** Several real gateways (in this process) on loopback ports sharing one redis-server. */
import { afterAll, afterEach, beforeAll } from 'vitest'

import type { Authenticate } from '../../../src/gateway/auth/caller.js'
import type { GatewayConfig } from '../../../src/gateway/env.js'
import type { GatewayOverrides } from '../../../src/gateway/gateway.js'
import type { RunningGateway } from '../../../src/gateway/server.js'
import { startTestRedis, type TestRedis, uniquePrefix } from '../../../testkit/redis-server.js'
import { fixture, relightForm, startTestGateway } from '../helpers.js'

/** The caller's owner from a header: lets one test act as several designers. */
export const byHeader: Authenticate = async (headers) => {
  const owner = headers.get('x-owner') ?? 'local'
  return { owner, name: owner }
}

export async function startInstances(
  count: number,
  redisUrl: string,
  config: Partial<GatewayConfig> = {},
  overrides: GatewayOverrides = {}
): Promise<RunningGateway[]> {
  const shared = { redisUrl, redisPrefix: uniquePrefix(), ...config }
  const out: RunningGateway[] = []
  for (let n = 0; n < count; n++) out.push(await startTestGateway(shared, overrides))
  return out
}

export async function submitAs(base: string, owner: string, params: unknown): Promise<string> {
  const response = await fetch(`${base}/v1/relight`, {
    method: 'POST',
    body: relightForm(params, fixture('coffee.png')),
    headers: { 'x-owner': owner }
  })
  if (response.status !== 202) throw new Error(`submit: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { id: string }).id
}

/** The `id:` lines of an SSE stream, in order. */
export function eventIds(raw: string): number[] {
  return raw
    .split('\n')
    .filter((line) => line.startsWith('id:'))
    .map((line) => Number(line.slice(3).trim()))
}

/**
 * For a describe block: one redis-server for its tests (started before the first, closed after the last),
 * and `running`, where a test puts the gateways it starts so they are closed after it, pass or fail.
 */
export function useRedisGateways(): { readonly url: string; readonly running: RunningGateway[] } {
  let redis: TestRedis | undefined
  const running: RunningGateway[] = []
  beforeAll(async () => {
    redis = await startTestRedis()
  })
  afterEach(async () => {
    await Promise.all(running.splice(0).map((gw) => gw.close()))
  })
  afterAll(() => redis?.close())
  return {
    get url(): string {
      if (!redis) throw new Error('redis-server is not started yet: read the url inside a test')
      return redis.url
    },
    running
  }
}

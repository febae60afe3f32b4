/**
 * Throughput of 1 vs 3 gateway instances (child processes, as deployed) on the fake fal server over
 * loopback HTTP: a batch of relights submitted round-robin by several clients at once, each watched to
 * its end over SSE and its image downloaded. Also one gateway on its embedded SQLite store, for what the
 * shared Redis costs. The provider answers at once, so this measures the gateways themselves (upload,
 * decode, store, queue, events); RELIGHT_CONCURRENCY_FAL is high so the provider limit is not the cap.
 * Needs redis-server on PATH or REDIS_URL.
 */
import { spawnSync } from 'node:child_process'

import { tempDataDirSync } from '../scripts/soak-dir.js'
import { createGatewayClient } from '../src/protocol/client.js'
import type { RelightParamsInput } from '../src/protocol/request.js'
import { type ChildGateway, spawnGateway } from '../testkit/child-gateway.js'
import { startFakeFal } from '../testkit/fakes/fal.js'
import { fixtureBytes } from '../testkit/fixtures.js'
import { startTestRedis } from '../testkit/redis-server.js'

const BATCH = 60
const CLIENTS = 12
const FAL_KEY = 'bench-fal'
const PARAMS: RelightParamsInput = { model: 'fal/iclight-v2', prompt: 'warm sunset', lightSource: 'left' }

export async function benchScaleOut(log: (line: string) => void): Promise<void> {
  const canRedis = Boolean(process.env.REDIS_URL) || spawnSync('redis-server', ['--version']).status === 0
  if (!canRedis) {
    log('skipped: no redis-server on PATH and no REDIS_URL (apt-get install -y redis-server)')
    return
  }
  const png = fixtureBytes('coffee.png')
  const redis = await startTestRedis()
  const fal = await startFakeFal({ key: FAL_KEY, queuePolls: 0, progressPolls: 0 })
  const base = { FAL_KEY, FAL_QUEUE_URL: fal.url, RELIGHT_CONCURRENCY_FAL: '64', RELIGHT_LOG_LEVEL: 'error' }
  let run = 0
  const setups = [
    { name: '1 gateway, SQLite (no Redis)', count: 1, redis: false },
    { name: '1 instance on Redis', count: 1, redis: true },
    { name: '3 instances on one Redis', count: 3, redis: true }
  ]
  try {
    for (const setup of setups) {
      const prefix = `relight-bench-${process.pid}-${++run}:`
      const gateways: ChildGateway[] = []
      for (let n = 0; n < setup.count; n++) {
        const shared: Record<string, string> = setup.redis
          ? { REDIS_URL: redis.url, RELIGHT_REDIS_PREFIX: prefix }
          : {}
        gateways.push(await spawnGateway({ ...base, ...shared, RELIGHT_DATA_DIR: tempDataDirSync() }))
      }
      const clients = gateways.map((gateway) => createGatewayClient({ baseUrl: gateway.url }))
      const one = async (n: number): Promise<void> => {
        const client = clients[n % clients.length]!
        const { id } = await client.submit(png, PARAMS)
        const job = await clients[(n + 1) % clients.length]!.watch(id, () => undefined)
        if (job.status !== 'succeeded') throw new Error(`job ${job.status}: ${job.error?.message ?? ''}`)
        await clients[(n + 2) % clients.length]!.image(job.images[0]!.url)
      }
      for (let n = 0; n < CLIENTS; n++) await one(n) // warm-up
      let next = 0
      const started = performance.now()
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let n = next++; n < BATCH; n = next++) await one(n)
        })
      )
      const seconds = (performance.now() - started) / 1000
      log(`  ${setup.name.padEnd(32)} ${(BATCH / seconds).toFixed(1).padStart(6)} relights/s`)
      await Promise.all(gateways.map((gateway) => gateway.stop()))
    }
    log(
      `(${BATCH} relights, ${CLIENTS} clients at once, submit / watch / download spread over the instances)`
    )
  } finally {
    await fal.close()
    await redis.close()
  }
}

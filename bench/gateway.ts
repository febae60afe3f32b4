/**
 * Gateway overhead, throughput and memory: Studio relights of the bottle (768×1024) through the real
 * gateway over loopback HTTP (multipart upload, SQLite job store, SSE until done, image download), against a
 * baseline measured in the same run: the same work in-process with no gateway (decode with sharp, the
 * engine, encode — the same PNG settings as the gateway). The ratio is what the gateway adds around the
 * engine, whatever the machine. The gateway runs the engine on its Studio worker pool, so the throughput
 * line names the worker count, and the event loop's delay during the batch shows what other requests wait.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'

import sharp from 'sharp'

import { relight, studioOptions } from '../src/engine/index.js'
import { configWith } from '../src/gateway/env.js'
import { DEFAULT_STUDIO_WORKERS } from '../src/gateway/providers/studio-pool.js'
import { startGateway } from '../src/gateway/server.js'
import { SqliteJobStore } from '../src/gateway/store/sqlite-store.js'
import { createGatewayClient } from '../src/protocol/client.js'
import { parseRelightParams, type RelightParamsInput } from '../src/protocol/request.js'
import { fixtureBytes } from '../testkit/fixtures.js'

const RUNS = 15
const BATCH = 24
const IN_FLIGHT = 6
const PARAMS: RelightParamsInput = {
  model: 'local/studio',
  prompt: 'warm sunset',
  lightSource: 'left',
  output: 'cutout'
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await run()
  return performance.now() - started
}

/** The same relight with no gateway: decode, engine, encode. */
async function inProcess(png: Uint8Array): Promise<void> {
  const parsed = parseRelightParams(PARAMS)
  if (!parsed.ok) throw new Error(parsed.error.message)
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const image = { width: info.width, height: info.height, data: new Uint8ClampedArray(data) }
  const out = relight(image, studioOptions(parsed.params))
  await sharp(Buffer.from(out.data.buffer), { raw: { width: out.width, height: out.height, channels: 4 } })
    .png()
    .toBuffer()
}

export async function benchGateway(log: (line: string) => void): Promise<void> {
  const png = fixtureBytes('bottle-alpha.png')
  const dataDir = await mkdtemp(path.join(tmpdir(), 'relight-bench-'))
  const config = configWith({ port: 0, logLevel: 'silent', dataDir })
  const store = await SqliteJobStore.open({ dir: dataDir, retentionMs: config.retentionMs })
  const gateway = await startGateway(config, { store })
  const client = createGatewayClient({ baseUrl: gateway.url })
  const relightThroughGateway = async (): Promise<void> => {
    const { id } = await client.submit(png, PARAMS)
    const job = await client.watch(id, () => undefined)
    if (job.status !== 'succeeded') throw new Error(`job ${job.status}: ${job.error?.message ?? ''}`)
    await client.image(job.images[0]!.url)
  }
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)
  try {
    const rssBefore = process.memoryUsage().rss
    for (let i = 0; i < 3; i++) {
      await inProcess(png)
      await relightThroughGateway()
    }
    const base: number[] = []
    const through: number[] = []
    for (let i = 0; i < RUNS; i++) {
      base.push(await timed(() => inProcess(png)))
      through.push(await timed(relightThroughGateway))
    }
    const baseMs = median(base)
    const gatewayMs = median(through)
    log('one relight at a time (768×1024 cut-out, median of ' + RUNS + ')')
    log(`  in-process baseline (decode, engine, encode)   ${baseMs.toFixed(1).padStart(7)} ms`)
    log(`  through the gateway (upload, queue, SSE, get)  ${gatewayMs.toFixed(1).padStart(7)} ms`)
    log(
      `  gateway overhead                               ${(gatewayMs - baseMs).toFixed(1).padStart(7)} ms  (${(gatewayMs / baseMs).toFixed(2)}x baseline)`
    )

    let next = 0
    const loopDelay = monitorEventLoopDelay({ resolution: 5 })
    loopDelay.enable()
    const started = performance.now()
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next++ < BATCH) await relightThroughGateway()
      })
    )
    const seconds = (performance.now() - started) / 1000
    loopDelay.disable()
    const perSecond = BATCH / seconds
    const workers = `${DEFAULT_STUDIO_WORKERS} Studio worker${DEFAULT_STUDIO_WORKERS === 1 ? '' : 's'}`
    log(`throughput: ${BATCH} relights, ${IN_FLIGHT} clients at once (gateway: ${workers})`)
    log(
      `  ${perSecond.toFixed(1)} relights/s through the gateway vs ${(1000 / baseMs).toFixed(1)}/s in-process on one core (${(perSecond / (1000 / baseMs)).toFixed(2)}x)`
    )
    const ms = (ns: number): string => (ns / 1e6).toFixed(0)
    log(
      `  event loop delay meanwhile: p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms (what any other request waits)`
    )
    log(
      `memory: RSS ${(rssBefore / 2 ** 20).toFixed(0)} MB before, peak ${(peakRss / 2 ** 20).toFixed(0)} MB during the runs (the bench process hosts both the gateway and its clients)`
    )
  } finally {
    clearInterval(sampler)
    await gateway.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

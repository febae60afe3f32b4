/**
 * Live latency: what the gateway adds to one frame's round trip, over loopback, against the fake fal
 * realtime server. Baseline, measured in the same run: the same frames straight to the fake's socket with
 * a token minted the way the gateway mints it (msgpack in, msgpack out). Through the gateway: ticket,
 * WebSocket, JSON frames in and out, one at a time (the gateway never has two frames with fal anyway).
 * The ratio and the added milliseconds are what the proxy costs, whatever the machine.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { decode, encode } from '@msgpack/msgpack'
import sharp from 'sharp'
import WebSocket from 'ws'

import { configWith } from '../src/gateway/env.js'
import { realtimeSettings, socketUrl } from '../src/gateway/realtime/config.js'
import { mintFalToken } from '../src/gateway/realtime/fal-token.js'
import { startGateway } from '../src/gateway/server.js'
import type { LiveServerMessage, RealtimeTicketView } from '../src/protocol/realtime.js'
import { startFakeFalRealtime } from '../testkit/fakes/fal-realtime.js'

const FRAMES = 200
const WARMUP = 20
/** Not a real key: the fake only compares it. */
const BENCH_KEY = 'bench-only-key-not-real'

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function openSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return socket
}

/** Sends `count` frames one after another; resolves the round trip of each, in ms. */
async function roundTrips(
  socket: WebSocket,
  count: number,
  send: (n: number) => void,
  isAnswer: (data: WebSocket.RawData, isBinary: boolean) => boolean
): Promise<number[]> {
  const times: number[] = []
  for (let n = 0; n < count; n++) {
    const started = performance.now()
    await new Promise<void>((resolve) => {
      const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
        if (!isAnswer(data, isBinary)) return
        socket.off('message', onMessage)
        resolve()
      }
      socket.on('message', onMessage)
      send(n)
    })
    times.push(performance.now() - started)
  }
  return times
}

export async function benchRealtime(log: (line: string) => void): Promise<void> {
  // Noise, so the PNG is as large as a real preview's (a flat image would compress to nothing).
  const png = await sharp(randomBytes(256 * 320 * 3), { raw: { width: 256, height: 320, channels: 3 } })
    .png()
    .toBuffer()
  const image = `data:image/png;base64,${png.toString('base64')}`
  const fal = await startFakeFalRealtime({ key: BENCH_KEY, renderMs: 0 })
  const dataDir = await mkdtemp(path.join(tmpdir(), 'relight-bench-live-'))
  const gateway = await startGateway(
    configWith({
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      dataDir,
      keys: { FAL_KEY: BENCH_KEY },
      realtime: realtimeSettings({ FAL_REALTIME_URL: fal.url, FAL_REST_URL: fal.url }),
      rateLimit: { points: 1_000_000, windowSeconds: 60 }
    })
  )
  try {
    const token = await mintFalToken({ restUrl: fal.url, key: BENCH_KEY, alias: 'lcm-sd15-i2i' })
    const direct = await openSocket(
      `${socketUrl(fal.url, 'fal-ai/lcm-sd15-i2i')}?fal_jwt_token=${token}&max_buffering=1`
    )
    const ticket = (await (
      await fetch(`${gateway.url}/v1/realtime/tickets`, { method: 'POST' })
    ).json()) as RealtimeTicketView
    const live = await openSocket(`${gateway.url.replace(/^http/, 'ws')}${ticket.path}`)
    const directTimes: number[] = []
    const liveTimes: number[] = []
    // Alternate small batches, so both paths see the same machine load.
    for (let batch = 0; batch < (FRAMES + WARMUP) / 10; batch++) {
      const keep = batch >= WARMUP / 10
      const d = await roundTrips(
        direct,
        10,
        (n) =>
          direct.send(
            encode({ prompt: `frame ${n}`, image_url: image, seed: 1, num_images: 1, sync_mode: true }),
            { binary: true }
          ),
        (data, isBinary) => isBinary && Array.isArray((decode(data as Buffer) as { images?: unknown }).images)
      )
      const l = await roundTrips(
        live,
        10,
        (n) =>
          live.send(
            JSON.stringify({ type: 'frame', id: batch * 10 + n, prompt: `frame ${n}`, image, seed: 1 })
          ),
        (data) => {
          const message = JSON.parse(String(data)) as LiveServerMessage
          if (message.type === 'error') throw new Error(`Live error: ${message.message}`)
          return message.type === 'frame'
        }
      )
      if (keep) {
        directTimes.push(...d)
        liveTimes.push(...l)
      }
    }
    direct.close()
    live.close()

    const kb = Math.round(image.length / 1024)
    log(`${FRAMES} frames, one at a time, ${kb} kB init image in, a 256×320 JPEG back`)
    log('path                     p50 ms    p99 ms')
    const row = (name: string, times: number[]): void =>
      log(
        `${name.padEnd(24)} ${percentile(times, 50).toFixed(2).padStart(6)}    ${percentile(times, 99).toFixed(2).padStart(6)}`
      )
    row('direct to fal (fake)', directTimes)
    row('through the gateway', liveTimes)
    for (const p of [50, 99]) {
      const added = percentile(liveTimes, p) - percentile(directTimes, p)
      const ratio = percentile(liveTimes, p) / percentile(directTimes, p)
      log(
        `p${p}: the gateway adds ${added.toFixed(2)} ms per frame (×${ratio.toFixed(2)} the direct round trip)`
      )
    }
  } finally {
    await gateway.close()
    await fal.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

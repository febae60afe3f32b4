/**
 * A real redis-server for the tests: REDIS_URL when given, else `redis-server` from PATH started on a
 * free loopback port in a temp dir (append-only file), stoppable and restartable on the same port to
 * show the gateway riding out a Redis outage. Without one, the suites say so and skip; under CI=true
 * they fail instead, because CI installs redis-server.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Redis } from 'ioredis'

export const GIVEN_URL = process.env.REDIS_URL?.trim() || undefined
const onPath = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0

/** True when the Redis suites can run here. */
export const redisAvailable = Boolean(GIVEN_URL) || onPath

if (!redisAvailable) {
  const message =
    'redis-server is not installed and REDIS_URL is not set: the Redis store and multi-instance tests ' +
    'cannot run on this machine. Install it (apt-get install -y redis-server) or set REDIS_URL.'
  if (process.env.CI === 'true') throw new Error(`${message} CI must provide it.`)
  console.warn(`SKIPPED: ${message}`)
}

export interface TestRedis {
  readonly url: string
  /** Stops the server (as an outage would); only for a server these tests started. */
  stop(): Promise<void>
  /** Starts it again on the same port. */
  start(): Promise<void>
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function answers(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    probe.on('error', () => {})
    try {
      await probe.connect()
      await probe.ping()
      probe.disconnect()
      return
    } catch (error) {
      probe.disconnect()
      if (Date.now() > deadline) throw new Error(`redis-server at ${url} did not answer: ${String(error)}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

export async function startTestRedis(): Promise<TestRedis> {
  if (GIVEN_URL) {
    await answers(GIVEN_URL, 5000)
    const fixed = async (): Promise<void> => {
      throw new Error('REDIS_URL is given: this test cannot stop that server.')
    }
    return { url: GIVEN_URL, stop: fixed, start: fixed, close: async () => {} }
  }
  const dir = mkdtempSync(join(tmpdir(), 'relight-redis-'))
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  let child: ChildProcess | undefined
  const start = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '']
    // Every write on disk before it is acknowledged: a stop and start loses nothing, as in production.
    const durable = ['--appendonly', 'yes', '--appendfsync', 'always']
    child = spawn('redis-server', [...args, ...durable], { stdio: 'ignore' })
    await answers(url, 10_000)
  }
  const stop = async (): Promise<void> => {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGTERM')
    await exited
  }
  await start()
  return {
    url,
    start,
    stop,
    async close() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

let unique = 0
/** A key prefix no other test uses, so tests sharing one server never see each other's data. */
export function uniquePrefix(): string {
  return `relight-test:${process.pid}:${++unique}:`
}

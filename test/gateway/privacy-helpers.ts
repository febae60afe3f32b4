/**
 * The privacy suites' gateway: the real server on loopback over the SQLite store in its own data
 * directory, every log line captured through the gateway's own logger (its redaction included), and
 * readers for what is really on disk: image files and database rows.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'

import Database from 'better-sqlite3'

import type { GatewayConfig } from '../../src/gateway/env.js'
import type { GatewayOverrides } from '../../src/gateway/gateway.js'
import { createLogger } from '../../src/gateway/log.js'
import type { RunningGateway } from '../../src/gateway/server.js'
import { SqliteJobStore, sqliteOptions } from '../../src/gateway/store/sqlite-store.js'
import type { JobView } from '../../src/protocol/api.js'
import { tempDataDir } from './durable/temp-dir.js'
import { startTestGateway, testConfig } from './helpers.js'

export interface PrivateGateway extends RunningGateway {
  readonly dataDir: string
  readonly logLines: string[]
  /** fetch with an optional bearer token. */
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>
}

export async function startPrivateGateway(
  config: Partial<GatewayConfig> = {},
  overrides: GatewayOverrides = {},
  dataDir = tempDataDir()
): Promise<PrivateGateway> {
  const full = testConfig({ dataDir, ...config })
  const logLines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'))
      done()
    }
  })
  const logger = createLogger('trace', { logPrompts: full.logPrompts, destination: sink })
  const store = await SqliteJobStore.open(sqliteOptions(full))
  const running = await startTestGateway(full, { store, logger, ...overrides })
  const call = (path: string, init: RequestInit & { token?: string } = {}): Promise<Response> => {
    const { token, ...rest } = init
    const headers = new Headers(rest.headers)
    if (token !== undefined) headers.set('Authorization', `Bearer ${token}`)
    return fetch(`${running.url}${path}`, { ...rest, headers })
  }
  return Object.assign(running, { dataDir, logLines, call })
}

/** The job's image files on disk (slot names, "/" written as "-"); [] when its directory is gone. */
export function filesOf(dataDir: string, jobId: string): string[] {
  const dir = join(dataDir, 'images', jobId)
  return existsSync(dir) ? readdirSync(dir).sort() : []
}

/** What the jobs database holds for the job: whether its row exists and its image rows' slots. */
export function rowsOf(dataDir: string, jobId: string): { job: boolean; images: string[] } {
  const db = new Database(join(dataDir, 'jobs.sqlite'), { readonly: true })
  try {
    const job = db.prepare('SELECT 1 FROM jobs WHERE id = ?').get(jobId) !== undefined
    const images = (
      db.prepare('SELECT slot FROM images WHERE job_id = ? ORDER BY slot').all(jobId) as {
        slot: string
      }[]
    ).map((row) => row.slot)
    return { job, images }
  } finally {
    db.close()
  }
}

/**
 * Waits until the job's files and rows are what `expected` says: the store deletes rows first and the
 * files right after, so a reader can see the job end a moment before its files are gone.
 */
export async function settledOnDisk(
  dataDir: string,
  jobId: string,
  expected: { files: string[]; job: boolean; images: string[] },
  ms = 2000
): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    const now = { files: filesOf(dataDir, jobId), ...rowsOf(dataDir, jobId) }
    if (JSON.stringify(now) === JSON.stringify(expected)) return
    if (Date.now() > deadline) {
      throw new Error(`job ${jobId} on disk: ${JSON.stringify(now)}, expected ${JSON.stringify(expected)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Polls the job until it is final, through the API. */
export async function finalJob(
  gw: PrivateGateway,
  id: string,
  token?: string,
  ms = 15_000
): Promise<JobView> {
  const deadline = Date.now() + ms
  for (;;) {
    const job = (await (await gw.call(`/v1/jobs/${id}`, { ...(token ? { token } : {}) })).json()) as JobView
    if (['succeeded', 'failed', 'canceled'].includes(job.status)) return job
    if (Date.now() > deadline) throw new Error(`job ${id} stuck in ${job.status}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export function relightBody(
  params: unknown,
  image: Uint8Array,
  extra: Record<string, Uint8Array> = {}
): FormData {
  const form = new FormData()
  form.set('params', JSON.stringify(params))
  form.set('image', new Blob([image as Uint8Array<ArrayBuffer>]), 'layer.png')
  for (const [name, bytes] of Object.entries(extra)) {
    form.set(name, new Blob([bytes as Uint8Array<ArrayBuffer>]), `${name}.png`)
  }
  return form
}

/** Submits and returns the job id; throws with the gateway's answer when it is not accepted. */
export async function submitAs(
  gw: PrivateGateway,
  params: unknown,
  image: Uint8Array,
  token?: string,
  extra: Record<string, Uint8Array> = {}
): Promise<string> {
  const response = await gw.call('/v1/relight', {
    method: 'POST',
    body: relightBody(params, image, extra),
    ...(token ? { token } : {})
  })
  if (response.status !== 202) throw new Error(`submit: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { id: string }).id
}

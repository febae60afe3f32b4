/**
 * A provider that answers 200 with the gateway's key inside its `logs` or `error` (a model printing its
 * environment, a proxy echoing the request): the key never reaches the job view, its event stream, the
 * jobs database or the gateway's log output. The real gateway on loopback with a SQLite store, fake
 * providers over HTTP.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'

import Database from 'better-sqlite3'
import { pino } from 'pino'
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { createFalAdapter } from '../../src/gateway/providers/fal/adapter.js'
import type { ProviderSet } from '../../src/gateway/providers/registry.js'
import { createReplicateAdapter } from '../../src/gateway/providers/replicate/adapter.js'
import type { RunningGateway } from '../../src/gateway/server.js'
import { SqliteJobStore } from '../../src/gateway/store/sqlite-store.js'
import type { JobView } from '../../src/protocol/api.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { type FakeReplicate, startFakeReplicate } from '../../testkit/fakes/replicate.js'
import { readEvents, startTestGateway, submitOk } from '../gateway/helpers.js'
import { removeTempDirs, SENTINEL_KEYS, tempDataDir } from './helpers.js'

const FAL_KEY = SENTINEL_KEYS.FAL_KEY
const REPLICATE_TOKEN = SENTINEL_KEYS.REPLICATE_API_TOKEN
const noSleep = async (): Promise<void> => undefined

interface Echoing {
  readonly gw: RunningGateway
  readonly dataDir: string
  readonly logLines: string[]
}

let running: RunningGateway | undefined
const fakes: Array<FakeFal | FakeReplicate> = []
afterEach(async () => {
  await running?.close()
  running = undefined
  await Promise.all(fakes.splice(0).map((fake) => fake.close()))
})
afterAll(removeTempDirs)

async function start(providers: ProviderSet): Promise<Echoing> {
  const dataDir = tempDataDir()
  const logLines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'))
      done()
    }
  })
  const store = await SqliteJobStore.open({ dir: dataDir })
  running = await startTestGateway(
    { keys: { FAL_KEY, REPLICATE_API_TOKEN: REPLICATE_TOKEN }, dataDir },
    { providers, store, logger: pino({ level: 'trace' }, sink) }
  )
  return { gw: running, dataDir, logLines }
}

/** Every stored byte of the jobs database (its file and write-ahead log) and the job's row as read back. */
function stored(dataDir: string, id: string): { files: string; row: string } {
  const files = readdirSync(dataDir)
    .filter((name) => name.startsWith('jobs.sqlite'))
    .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
    .join('\n')
  const db = new Database(join(dataDir, 'jobs.sqlite'), { readonly: true })
  try {
    return { files, row: JSON.stringify(db.prepare('SELECT * FROM jobs WHERE id = ?').get(id)) }
  } finally {
    db.close()
  }
}

async function finished(gw: RunningGateway, id: string): Promise<{ view: JobView; events: string }> {
  const { views, raw } = await readEvents(gw.url, id)
  const view = (await (await fetch(`${gw.url}/v1/jobs/${id}`)).json()) as JobView
  expect(views.at(-1)?.status).toBe(view.status)
  return { view, events: raw }
}

function expectNowhere(key: string, ...texts: string[]): void {
  const forms = [key, encodeURIComponent(key), Buffer.from(key).toString('base64')]
  for (const text of texts) for (const form of forms) expect(text).not.toContain(form)
}

describe('a provider echoing the key in a 200 answer', () => {
  it('Replicate: the key in `logs` of a succeeding prediction and in `error` of a failing one', async () => {
    const echo = `env REPLICATE_API_TOKEN=${REPLICATE_TOKEN} auth=${Buffer.from(REPLICATE_TOKEN).toString('base64')}`
    const replicate = await startFakeReplicate({
      token: REPLICATE_TOKEN,
      startingPolls: 0,
      processingPolls: 2,
      logLine: echo
    })
    const failing = await startFakeReplicate({
      token: REPLICATE_TOKEN,
      startingPolls: 0,
      processingPolls: 1,
      failWith: `401 from upstream with Authorization: Bearer ${REPLICATE_TOKEN}`
    })
    fakes.push(replicate, failing)
    const deps = { token: REPLICATE_TOKEN, pollIntervalMs: 5, sleep: noSleep }
    const params = { model: 'replicate/icl-glob-v1', prompt: 'warm', lightSource: 'left' }

    const ok = await start({ replicate: createReplicateAdapter({ ...deps, apiUrl: replicate.url }) })
    const good = await finished(ok.gw, await submitOk(ok.gw.url, params))
    expect(good.view.status).toBe('succeeded')
    // The line is kept, the key is not: the designer still sees what the model printed.
    expect(good.view.logs?.some((line) => line.includes('env REPLICATE_API_TOKEN=[redacted]'))).toBe(true)
    const goodRow = stored(ok.dataDir, good.view.id)
    expectNowhere(REPLICATE_TOKEN, JSON.stringify(good.view), good.events, goodRow.row, goodRow.files)
    expectNowhere(REPLICATE_TOKEN, ...ok.logLines)
    await running?.close()
    running = undefined

    const bad = await start({ replicate: createReplicateAdapter({ ...deps, apiUrl: failing.url }) })
    const failed = await finished(bad.gw, await submitOk(bad.gw.url, params))
    expect(failed.view).toMatchObject({ status: 'failed', error: { code: 'provider_failed' } })
    expect(failed.view.error!.message).toMatch(/Bearer \[redacted\]/)
    const badRow = stored(bad.dataDir, failed.view.id)
    expectNowhere(REPLICATE_TOKEN, JSON.stringify(failed.view), failed.events, badRow.row, badRow.files)
    expectNowhere(REPLICATE_TOKEN, ...bad.logLines)
  })

  it('fal: the key in a COMPLETED status `error` and in the request `logs`', async () => {
    const fal = await startFakeFal({
      key: FAL_KEY,
      queuePolls: 0,
      progressPolls: 2,
      logLine: `loading with key ${encodeURIComponent(FAL_KEY)}`,
      failWith: `upstream rejected Key ${FAL_KEY}`
    })
    fakes.push(fal)
    const adapter = createFalAdapter({ key: FAL_KEY, queueUrl: fal.url, pollIntervalMs: 5, sleep: noSleep })
    const { gw, dataDir, logLines } = await start({ fal: adapter })
    const params = { model: 'fal/iclight-v2', prompt: 'warm', lightSource: 'left' }
    const { view, events } = await finished(gw, await submitOk(gw.url, params))
    expect(view).toMatchObject({ status: 'failed', error: { code: 'provider_failed' } })
    expect(view.error!.message).toMatch(/upstream rejected Key \[redacted\]/)
    expect(events).toMatch(/loading with key \[redacted\]/)
    const row = stored(dataDir, view.id)
    expectNowhere(FAL_KEY, JSON.stringify(view), events, row.row, row.files)
    expectNowhere(FAL_KEY, ...logLines)
  })
})

/**
 * Retention with an injected clock: a finished job and its image files are swept once RELIGHT_RETENTION
 * has passed since it finished; an unfinished job is never swept, however old.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { createLogger } from '../../../src/gateway/log.js'
import type { RunningGateway } from '../../../src/gateway/server.js'
import { SqliteJobStore } from '../../../src/gateway/store/sqlite-store.js'
import { startSweeper } from '../../../src/gateway/store/sweeper.js'
import { parseRelightParams } from '../../../src/protocol/request.js'
import { GatedProvider, getJob, readEvents, STUDIO, submitOk, waitFor } from '../helpers.js'
import { startDurable } from './gateway-durable.js'
import { tempDataDir } from './temp-dir.js'

const HOUR = 3600_000
let gw: RunningGateway | undefined
afterEach(() => gw?.close())

describe('retention sweeper', () => {
  it('deletes a finished job and its files after the retention, never an unfinished one', async () => {
    const dir = tempDataDir()
    let clock = Date.parse('2026-03-01T12:00:00.000Z')
    const gated = new GatedProvider()
    gw = await startDurable(
      dir,
      {
        retentionMs: 2 * HOUR,
        sweepIntervalMs: 20,
        concurrency: { local: 1, fal: 1, replicate: 1, segmind: 1 }
      },
      { now: () => new Date(clock), providers: { local: gated } }
    )
    const done = await submitOk(gw.url, STUDIO)
    const stuck = await submitOk(gw.url, STUDIO)
    await waitFor(async () => (gated.release(done) ? true : undefined), 'done started')
    await readEvents(gw.url, done)
    expect(existsSync(join(dir, 'images', done, 'result-0'))).toBe(true)

    clock += 2 * HOUR - 1000
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await getJob(gw.url, done)).status).toBe('succeeded')

    clock += 100 * HOUR
    await waitFor(
      async () => ((await fetch(`${gw!.url}/v1/jobs/${done}`)).status === 404 ? true : undefined),
      'swept'
    )
    await waitFor(async () => (existsSync(join(dir, 'images', done)) ? undefined : true), 'files removed')
    expect((await getJob(gw.url, stuck)).status).toBe('running') // the slot passed to it; never swept
    expect(existsSync(join(dir, 'images', stuck, 'input'))).toBe(true)
  })

  it('startSweeper sweeps on demand with the injected clock', async () => {
    const store = await SqliteJobStore.open({ dir: tempDataDir(), retentionMs: HOUR })
    const parsed = parseRelightParams({ model: 'local/studio', prompt: 'warm' })
    if (!parsed.ok) throw new Error('fixture params must parse')
    const t0 = '2026-03-01T00:00:00.000Z'
    await store.create({
      id: 'j1',
      owner: 'ann',
      model: 'local/studio',
      provider: 'local',
      params: parsed.params,
      createdAt: t0
    })
    await store.update('j1', { status: 'failed', error: { code: 'x', message: 'y' } }, t0)
    let now = new Date(Date.parse(t0) + HOUR - 1)
    const sweeper = startSweeper({
      store,
      intervalMs: 60_000,
      now: () => now,
      logger: createLogger('silent')
    })
    expect(await sweeper.sweep()).toEqual([])
    now = new Date(Date.parse(t0) + HOUR)
    expect(await sweeper.sweep()).toEqual(['j1'])
    sweeper.stop()
    await store.close()
  })
})

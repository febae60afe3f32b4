/**
 * The SQLite store passes the shared `JobStore` contract, and what only a durable store can show: data
 * survives a reopen, the schema is versioned, SQL itself refuses to change a final job, and image files
 * are whole and cleaned up.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'

import { MIGRATIONS } from '../../../src/gateway/store/migrations.js'
import { SqliteJobStore } from '../../../src/gateway/store/sqlite-store.js'
import { sampleJob, storeContract } from './store-contract.js'
import { tempDataDir } from './temp-dir.js'

storeContract('SqliteJobStore', (retention) => SqliteJobStore.open({ dir: tempDataDir(), ...retention }))

const JOB = sampleJob('2026-01-01T00:00:00.000Z')
const PNG = { bytes: new Uint8Array([1, 2, 3]), contentType: 'image/png', width: 1, height: 1 }

describe('SqliteJobStore durability', () => {
  it('keeps jobs, request ids and images across a close and reopen', async () => {
    const dir = tempDataDir()
    const first = await SqliteJobStore.open({ dir })
    await first.create({ ...JOB, idempotencyKey: 'key', requestHash: 'h' })
    await first.update('j1', { providerRequestId: 'req-9', callStartedAt: JOB.createdAt }, JOB.createdAt)
    await first.putImage('j1', 'input', PNG)
    await first.close()
    const second = await SqliteJobStore.open({ dir })
    expect(await second.get('j1')).toMatchObject({
      status: 'queued',
      providerRequestId: 'req-9',
      params: JOB.params
    })
    expect((await second.findByIdempotencyKey('ann', 'key'))?.id).toBe('j1')
    expect(await second.getImage('j1', 'input')).toEqual(PNG)
    expect((await second.listUnfinished()).map((job) => job.id)).toEqual(['j1'])
    await second.close()
  })

  it('records the schema version and uses WAL', async () => {
    const dir = tempDataDir()
    await (await SqliteJobStore.open({ dir })).close()
    const db = new Database(join(dir, 'jobs.sqlite'))
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('refuses to open a database from a newer gateway', async () => {
    const dir = tempDataDir()
    const db = new Database(join(dir, 'jobs.sqlite'))
    db.pragma('user_version = 999')
    db.close()
    await expect(SqliteJobStore.open({ dir })).rejects.toThrow(/schema version 999/)
  })

  it('a trigger refuses to move a final job even through raw SQL', async () => {
    const dir = tempDataDir()
    const store = await SqliteJobStore.open({ dir })
    await store.create(JOB)
    await store.update('j1', { status: 'canceled' }, JOB.createdAt)
    await store.close()
    const db = new Database(join(dir, 'jobs.sqlite'))
    expect(() => db.prepare(`UPDATE jobs SET status = 'succeeded' WHERE id = 'j1'`).run()).toThrow(/final/)
    db.close()
  })

  it('writes whole files (no temporaries left) and removes files of jobs that no longer exist', async () => {
    const dir = tempDataDir()
    const orphan = join(dir, 'images', 'ghost')
    mkdirSync(orphan, { recursive: true })
    writeFileSync(join(orphan, 'result-0'), 'x')
    const store = await SqliteJobStore.open({ dir })
    expect(existsSync(orphan)).toBe(false)
    await store.create(JOB)
    await store.putImage('j1', 'result/0', PNG)
    expect(readdirSync(join(dir, 'images', 'j1'))).toEqual(['result-0'])
    await store.close()
  })
})

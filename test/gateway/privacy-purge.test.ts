/**
 * `relight-gateway jobs purge --name <token name> [--before 7d]` (and `relight jobs purge`): the admin
 * erases a designer's jobs from the data directory while the gateway runs. Real gateway on loopback, the
 * SQLite store, tokens, files and rows checked on disk.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { main } from '../../src/cli/main.js'
import { jobsCommand } from '../../src/gateway/admin/jobs-command.js'
import { AuditLog } from '../../src/gateway/auth/audit.js'
import { openAuthDb } from '../../src/gateway/auth/db.js'
import { createTokens, removeTempDirs, tempDataDir } from '../security/helpers.js'
import { fixture, GatedProvider, waitFor } from './helpers.js'
import {
  filesOf,
  finalJob,
  type PrivateGateway,
  rowsOf,
  startPrivateGateway,
  submitAs
} from './privacy-helpers.js'

const DAY = 86_400_000
const STUDIO = { model: 'local/studio', prompt: 'warm sunset', lightSource: 'left' }

let gw: PrivateGateway | undefined
afterEach(async () => {
  await gw?.close()
  gw = undefined
})
afterAll(removeTempDirs)

function io(dataDir: string): {
  env: Record<string, string>
  out: string[]
  err: string[]
  io: Parameters<typeof jobsCommand>[1]
} {
  const out: string[] = []
  const err: string[] = []
  const env = { RELIGHT_DATA_DIR: dataDir }
  return { env, out, err, io: { env, out: (line) => out.push(line), err: (line) => err.push(line) } }
}

describe('jobs purge', () => {
  it('erases one designer’s jobs created before --before, files, rows and audit detail, while the gateway runs', async () => {
    const dataDir = tempDataDir()
    const { alice, bob } = createTokens(dataDir, { alice: null, bob: null })
    let clock = Date.now() - 10 * DAY
    gw = await startPrivateGateway({}, { now: () => new Date(clock) }, dataDir)
    const old = await submitAs(gw, STUDIO, fixture('coffee.png'), alice)
    await finalJob(gw, old, alice)
    clock = Date.now()
    const recent = await submitAs(gw, STUDIO, fixture('coffee.png'), alice)
    const bobs = await submitAs(gw, STUDIO, fixture('coffee.png'), bob)
    for (const [id, token] of [
      [recent, alice],
      [bobs, bob]
    ] as const)
      await finalJob(gw, id, token)

    const week = io(dataDir)
    expect(await jobsCommand(['purge', '--name', 'alice', '--before', '7d'], week.io)).toBe(0)
    expect(week.out.join('\n')).toMatch(/Erased 1 job\(s\) of "alice" created before/)
    expect(filesOf(dataDir, old)).toEqual([])
    expect(rowsOf(dataDir, old)).toEqual({ job: false, images: [] })
    expect((await gw.call(`/v1/jobs/${old}`, { token: alice })).status).toBe(404)
    expect(filesOf(dataDir, recent)).toEqual(['result-0'])
    expect(filesOf(dataDir, bobs)).toEqual(['result-0'])

    // Everything of alice's through the designer's CLI entry; bob's job stays.
    const all = io(dataDir)
    expect(await main(['jobs', 'purge', '--name=alice', '--json'], all.env, all.io)).toBe(0)
    expect(JSON.parse(all.out.join('\n'))).toEqual({ erased: [recent], running: [] })
    expect(rowsOf(dataDir, recent).job).toBe(false)
    expect((await gw.call(`/v1/jobs/${bobs}`, { token: bob })).status).toBe(200)

    const db = openAuthDb(dataDir, { create: false })!
    try {
      const entries = new AuditLog(db).query().filter((entry) => entry.jobId === old)
      expect(entries.map((entry) => entry.event)).toEqual(['submit', 'final', 'erased'])
      expect(entries.at(-1)).toMatchObject({ outcome: 'purged', tokenName: 'alice' })
      for (const entry of entries) expect(entry.lightSource).toBeNull()
    } finally {
      db.close()
    }
  })

  it('leaves a running job to the gateway and says so', async () => {
    const dataDir = tempDataDir()
    const { alice } = createTokens(dataDir, { alice: null })
    const provider = new GatedProvider()
    gw = await startPrivateGateway({}, { providers: { local: provider } }, dataDir)
    const id = await submitAs(gw, STUDIO, fixture('coffee.png'), alice)
    await waitFor(async () => (provider.started.includes(id) ? true : undefined), 'the run')
    const run = io(dataDir)
    expect(await jobsCommand(['purge', '--name', 'alice'], run.io)).toBe(0)
    expect(run.out.join('')).toMatch(/Erased 0 job/)
    expect(run.err.join('')).toMatch(/1 job\(s\) still running were left/)
    expect(filesOf(dataDir, id)).toEqual(['input'])
    provider.release(id)
    expect((await finalJob(gw, id, alice)).status).toBe('succeeded')
  })

  it('refuses an unknown name or a missing --name with the usage', async () => {
    const dataDir = tempDataDir()
    createTokens(dataDir, { alice: null })
    const unknown = io(dataDir)
    expect(await jobsCommand(['purge', '--name', 'carol'], unknown.io)).toBe(2)
    expect(unknown.err.join('\n')).toMatch(/No token is named "carol"/)
    const bare = io(dataDir)
    expect(await jobsCommand(['purge'], bare.io)).toBe(2)
    expect(bare.err.join('\n')).toMatch(/--name <token name>/)
    const when = io(dataDir)
    expect(await jobsCommand(['purge', '--name', 'alice', '--before', 'last week'], when.io)).toBe(2)
    expect(when.err.join('\n')).toMatch(/like 7d, 24h/)
  })
})

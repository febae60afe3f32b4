/**
 * Who may erase a job (`DELETE /v1/jobs/:id`): only its designer. Another token gets exactly the 404 a job
 * that does not exist gets (never 403: that would confirm the id), and the job, its images and its upload
 * stay whole. Real server on loopback, tokens, the SQLite store.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { AuditLog } from '../../src/gateway/auth/audit.js'
import { openAuthDb } from '../../src/gateway/auth/db.js'
import { SqliteJobStore } from '../../src/gateway/store/sqlite-store.js'
import type { JobView } from '../../src/protocol/api.js'
import { fixture, GatedProvider, STUDIO, waitFor } from '../gateway/helpers.js'
import {
  errorOf,
  form,
  removeTempDirs,
  type SecureGateway,
  startSecureGateway,
  tempDataDir
} from './helpers.js'

let gw: SecureGateway | undefined
afterEach(async () => {
  await gw?.dispose()
  gw = undefined
})
afterAll(removeTempDirs)

async function start(providers = {}): Promise<SecureGateway> {
  const dataDir = tempDataDir()
  const store = await SqliteJobStore.open({ dir: dataDir })
  return startSecureGateway({ dataDir, overrides: { store, providers } })
}

async function relight(g: SecureGateway, token: string): Promise<string> {
  const response = await g.call('/v1/relight', {
    method: 'POST',
    body: form(STUDIO, fixture('coffee.png')),
    token
  })
  expect(response.status).toBe(202)
  return ((await response.json()) as { id: string }).id
}

async function finished(g: SecureGateway, id: string, token: string): Promise<JobView> {
  return waitFor(async () => {
    const job = (await (await g.call(`/v1/jobs/${id}`, { token })).json()) as JobView
    return job.status === 'succeeded' ? job : undefined
  }, 'the job to succeed')
}

const files = (g: SecureGateway, id: string): string[] => {
  const dir = join(g.dataDir, 'images', id)
  return existsSync(dir) ? readdirSync(dir) : []
}

describe('erasing a job', () => {
  it('another token gets the same 404 as a job that does not exist, and the job stays whole', async () => {
    gw = await start()
    const { alice, bob } = gw.tokens
    const id = await relight(gw, alice!)
    const job = await finished(gw, id, alice!)

    const foreign = await gw.call(`/v1/jobs/${id}`, { method: 'DELETE', token: bob! })
    const missing = await gw.call('/v1/jobs/job-that-never-was', { method: 'DELETE', token: bob! })
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    const [a, b] = [await errorOf(foreign), await errorOf(missing)]
    expect(a.code).toBe('job_not_found')
    expect(a.message.replace(id, 'ID')).toBe(b.message.replace('job-that-never-was', 'ID'))

    expect((await gw.call(`/v1/jobs/${id}`, { token: alice! })).status).toBe(200)
    expect((await gw.call(job.images[0]!.url, { token: alice! })).status).toBe(200)
    // The upload goes right after the job ends; the result stays.
    await waitFor(async () => (files(gw!, id).join() === 'result-0' ? true : undefined), 'only the result')

    expect((await gw.call(`/v1/jobs/${id}`, { method: 'DELETE' })).status).toBe(401)
    expect((await gw.call(`/v1/jobs/${id}`, { token: alice! })).status).toBe(200)

    expect((await gw.call(`/v1/jobs/${id}`, { method: 'DELETE', token: alice! })).status).toBe(204)
    expect(files(gw, id)).toEqual([])
    expect((await gw.call(`/v1/jobs/${id}`, { token: alice! })).status).toBe(404)
  })

  it('another token cannot stop a running job by erasing it', async () => {
    const provider = new GatedProvider()
    gw = await start({ local: provider })
    const { alice, bob } = gw.tokens
    const id = await relight(gw, alice!)
    await waitFor(async () => (provider.started.includes(id) ? true : undefined), 'the run')
    expect((await gw.call(`/v1/jobs/${id}`, { method: 'DELETE', token: bob! })).status).toBe(404)
    expect(provider.aborted).toEqual([])
    provider.release(id)
    expect((await finished(gw, id, alice!)).status).toBe('succeeded')
  })

  it('the audit trail keeps only that the job existed and was erased, by whom', async () => {
    gw = await start()
    const { alice, bob } = gw.tokens
    const id = await relight(gw, alice!)
    await finished(gw, id, alice!)
    await gw.call(`/v1/jobs/${id}`, { method: 'DELETE', token: bob! })
    const db = openAuthDb(gw.dataDir, { create: false })!
    try {
      const before = new AuditLog(db).query().filter((entry) => entry.jobId === id)
      expect(before.map((entry) => entry.event)).toEqual(['submit', 'final'])
      expect(before[0]!.lightSource).toBe('left')

      expect((await gw.call(`/v1/jobs/${id}`, { method: 'DELETE', token: alice! })).status).toBe(204)
      const after = new AuditLog(db).query().filter((entry) => entry.jobId === id)
      expect(after.map((entry) => [entry.event, entry.outcome, entry.tokenName])).toEqual([
        ['submit', 'accepted', 'alice'],
        ['final', 'succeeded', 'alice'],
        ['erased', 'erased', 'alice']
      ])
      for (const entry of after) {
        expect(entry).toMatchObject({ lightSource: null, output: null, steps: null, errorCode: null })
      }
      // The quota ledger is unchanged: erasing a job does not give its images back.
      expect(after[0]!.numImages).toBe(1)
      expect(after[2]).toMatchObject({ numImages: 0, refunded: 0 })
    } finally {
      db.close()
    }
  })
})

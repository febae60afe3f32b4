/** The store enforces the job lifecycle: only legal transitions, nothing leaves a final state. */
import { beforeEach, describe, expect, it } from 'vitest'

import { MemoryJobStore } from '../../src/gateway/jobs/memory-store.js'
import { canTransition, IllegalTransitionError } from '../../src/gateway/jobs/transitions.js'
import type { NewJob } from '../../src/gateway/jobs/types.js'
import { parseRelightParams } from '../../src/protocol/request.js'

const PARAMS = (() => {
  const parsed = parseRelightParams({ model: 'local/studio', prompt: 'warm' })
  if (!parsed.ok) throw new Error('fixture params must parse')
  return parsed.params
})()

let store: MemoryJobStore
let seq = 0
const T = '2026-01-01T00:00:00.000Z'

function newJob(owner = 'local'): NewJob {
  seq += 1
  return {
    id: `job-${seq}`,
    owner,
    model: 'local/studio',
    provider: 'local',
    params: PARAMS,
    createdAt: T
  }
}

beforeEach(() => {
  store = new MemoryJobStore()
})

describe('MemoryJobStore transitions', () => {
  it('creates jobs queued and allows queued → running → succeeded', async () => {
    const job = await store.create(newJob())
    expect(job.status).toBe('queued')
    expect((await store.update(job.id, { status: 'running' }, T)).status).toBe('running')
    expect((await store.update(job.id, { status: 'succeeded' }, T)).status).toBe('succeeded')
  })

  it('refuses queued → succeeded (a job runs before it succeeds)', async () => {
    const job = await store.create(newJob())
    await expect(store.update(job.id, { status: 'succeeded' }, T)).rejects.toBeInstanceOf(
      IllegalTransitionError
    )
    expect((await store.get(job.id))?.status).toBe('queued')
  })

  it('refuses running → queued', async () => {
    const job = await store.create(newJob())
    await store.update(job.id, { status: 'running' }, T)
    await expect(store.update(job.id, { status: 'queued' }, T)).rejects.toBeInstanceOf(IllegalTransitionError)
  })

  it.each(['succeeded', 'failed', 'canceled'] as const)('nothing leaves %s', async (final) => {
    const job = await store.create(newJob())
    await store.update(job.id, { status: 'running' }, T)
    await store.update(job.id, { status: final }, T)
    for (const to of ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const) {
      await expect(store.update(job.id, { status: to }, T)).rejects.toBeInstanceOf(IllegalTransitionError)
    }
    await expect(store.update(job.id, { progress: 0.5 }, T)).rejects.toBeInstanceOf(IllegalTransitionError)
    expect((await store.get(job.id))?.status).toBe(final)
  })

  it('a canceled job cannot be completed by a late result', async () => {
    const job = await store.create(newJob())
    await store.update(job.id, { status: 'running' }, T)
    await store.update(job.id, { status: 'canceled' }, T)
    const late = { status: 'succeeded' as const, images: [{ contentType: 'image/png', width: 1, height: 1 }] }
    await expect(store.update(job.id, late, T)).rejects.toThrow(/canceled/)
    expect((await store.get(job.id))?.images).toEqual([])
  })

  it('a succeeded job still takes insertedAt, a failed one does not', async () => {
    const ok = await store.create(newJob())
    await store.update(ok.id, { status: 'running' }, T)
    await store.update(ok.id, { status: 'succeeded' }, T)
    expect((await store.update(ok.id, { insertedAt: T }, T)).insertedAt).toBe(T)
    const bad = await store.create(newJob())
    await store.update(bad.id, { status: 'failed' }, T)
    await expect(store.update(bad.id, { insertedAt: T }, T)).rejects.toBeInstanceOf(IllegalTransitionError)
  })

  it('the transition table matches the lifecycle', () => {
    expect(canTransition('queued', 'canceled')).toBe(true)
    expect(canTransition('running', 'failed')).toBe(true)
    expect(canTransition('failed', 'running')).toBe(false)
  })
})

describe('MemoryJobStore queries', () => {
  it('lists an owner’s jobs newest first, with a limit, and not another owner’s', async () => {
    const a = await store.create(newJob('ann'))
    await store.create(newJob('bob'))
    const c = await store.create(newJob('ann'))
    const d = await store.create(newJob('ann'))
    expect((await store.listByOwner('ann', 10)).map((job) => job.id)).toEqual([d.id, c.id, a.id])
    expect((await store.listByOwner('ann', 2)).map((job) => job.id)).toEqual([d.id, c.id])
  })

  it('finds a job by owner and idempotency key, and lists unfinished jobs', async () => {
    const job = await store.create({ ...newJob('ann'), idempotencyKey: 'k', requestHash: 'h' })
    expect((await store.findByIdempotencyKey('ann', 'k'))?.id).toBe(job.id)
    expect(await store.findByIdempotencyKey('bob', 'k')).toBeUndefined()
    expect((await store.listUnfinished()).map((j) => j.id)).toEqual([job.id])
  })
})

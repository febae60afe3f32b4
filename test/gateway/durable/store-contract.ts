/**
 * The `JobStore` contract, run against every store (memory, SQLite): lifecycle, queries, images and
 * retention. A store passes when it behaves exactly like the others from the job core's point of view.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { IllegalTransitionError } from '../../../src/gateway/jobs/transitions.js'
import type { JobStore, NewJob, StoredImage } from '../../../src/gateway/jobs/types.js'
import { parseRelightParams } from '../../../src/protocol/request.js'

export const HOUR = 3600_000
const T0 = '2026-01-01T00:00:00.000Z'
const at = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString()

const PARAMS = (() => {
  const parsed = parseRelightParams({ model: 'local/studio', prompt: 'warm', seed: 7 })
  if (!parsed.ok) throw new Error('fixture params must parse')
  return parsed.params
})()

const PNG: StoredImage = {
  bytes: new Uint8Array([137, 80, 78, 71, 1, 2, 3]),
  contentType: 'image/png',
  width: 3,
  height: 2
}

/** `open` makes a fresh store with a 24 h retention. */
export function storeContract(name: string, open: () => Promise<JobStore>): void {
  let store: JobStore
  let seq = 0
  const newJob = (owner = 'ann', extra: Partial<NewJob> = {}): NewJob => ({
    id: `job-${++seq}`,
    owner,
    model: 'local/studio',
    provider: 'local',
    params: PARAMS,
    createdAt: at(seq),
    ...extra
  })
  const finish = async (id: string, status: 'succeeded' | 'failed' | 'canceled', when: string) => {
    if (status === 'succeeded') await store.update(id, { status: 'running' }, when)
    return store.update(
      id,
      { status, ...(status === 'failed' ? { error: { code: 'x', message: 'y' } } : {}) },
      when
    )
  }

  beforeEach(async () => {
    store = await open()
  })
  afterEach(() => store.close())

  describe(`${name}: lifecycle`, () => {
    it('creates a queued job and reads back every field it was given', async () => {
      const job = await store.create(newJob('ann', { idempotencyKey: 'k1', requestHash: 'h1' }))
      expect(job).toMatchObject({ status: 'queued', logs: [], images: [] })
      expect(await store.get(job.id)).toEqual(job)
      expect(await store.get('job-missing')).toBeUndefined()
    })

    it('stores patches (request id, progress, logs, seed, call start) and refuses an unknown job', async () => {
      const job = await store.create(newJob())
      const patch = { providerRequestId: 'req-1', queuePosition: 3, logs: ['a', 'b'], callStartedAt: at(5) }
      await store.update(job.id, patch, at(10))
      const running = await store.update(job.id, { status: 'running', progress: 0.5, seed: 42 }, at(11))
      expect(running).toMatchObject({
        ...patch,
        status: 'running',
        progress: 0.5,
        seed: 42,
        updatedAt: at(11)
      })
      expect(await store.get(job.id)).toEqual(running)
      await expect(store.update('job-missing', { progress: 1 }, at(1))).rejects.toThrow(/does not exist/)
    })

    it('refuses queued → succeeded and running → queued', async () => {
      const job = await store.create(newJob())
      await expect(store.update(job.id, { status: 'succeeded' }, at(1))).rejects.toBeInstanceOf(
        IllegalTransitionError
      )
      await store.update(job.id, { status: 'running' }, at(1))
      await expect(store.update(job.id, { status: 'queued' }, at(2))).rejects.toBeInstanceOf(
        IllegalTransitionError
      )
      expect((await store.get(job.id))?.status).toBe('running')
    })

    it.each(['succeeded', 'failed', 'canceled'] as const)('nothing leaves %s', async (final) => {
      const job = await store.create(newJob())
      await finish(job.id, final, at(1))
      for (const to of ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const) {
        await expect(store.update(job.id, { status: to }, at(2))).rejects.toBeInstanceOf(
          IllegalTransitionError
        )
      }
      await expect(store.update(job.id, { progress: 0.5 }, at(2))).rejects.toBeInstanceOf(
        IllegalTransitionError
      )
      expect((await store.get(job.id))?.status).toBe(final)
    })

    it('a succeeded job takes insertedAt; a failed one does not', async () => {
      const ok = await store.create(newJob())
      await finish(ok.id, 'succeeded', at(1))
      expect((await store.update(ok.id, { insertedAt: at(2) }, at(2))).insertedAt).toBe(at(2))
      expect((await store.get(ok.id))?.insertedAt).toBe(at(2))
      const bad = await store.create(newJob())
      await finish(bad.id, 'failed', at(1))
      await expect(store.update(bad.id, { insertedAt: at(2) }, at(2))).rejects.toBeInstanceOf(
        IllegalTransitionError
      )
    })
  })

  describe(`${name}: queries`, () => {
    it('lists an owner’s jobs newest first, with a limit, and not another owner’s', async () => {
      const a = await store.create(newJob('ann'))
      await store.create(newJob('bob'))
      const c = await store.create(newJob('ann'))
      const d = await store.create(newJob('ann'))
      expect((await store.listByOwner('ann', 10)).map((job) => job.id)).toEqual([d.id, c.id, a.id])
      expect((await store.listByOwner('ann', 2)).map((job) => job.id)).toEqual([d.id, c.id])
    })

    it('finds a job by owner and idempotency key only', async () => {
      const job = await store.create(newJob('ann', { idempotencyKey: 'k', requestHash: 'h' }))
      expect((await store.findByIdempotencyKey('ann', 'k'))?.id).toBe(job.id)
      expect(await store.findByIdempotencyKey('bob', 'k')).toBeUndefined()
      expect(await store.findByIdempotencyKey('ann', 'other')).toBeUndefined()
    })

    it('lists unfinished jobs oldest first', async () => {
      const a = await store.create(newJob())
      const b = await store.create(newJob())
      const c = await store.create(newJob())
      await store.update(b.id, { status: 'running' }, at(1))
      await finish(c.id, 'canceled', at(1))
      expect((await store.listUnfinished()).map((job) => job.id)).toEqual([a.id, b.id])
    })
  })

  describe(`${name}: images`, () => {
    it('keeps input, mask and results, and drops only the results', async () => {
      const job = await store.create(newJob())
      await store.putImage(job.id, 'input', PNG)
      await store.putImage(job.id, 'uploaded-mask', { ...PNG, bytes: new Uint8Array([9]) })
      await store.putImage(job.id, 'result/0', PNG)
      await store.putImage(job.id, 'result/1', { ...PNG, contentType: 'image/webp' })
      expect(await store.getImage(job.id, 'input')).toEqual(PNG)
      expect((await store.getImage(job.id, 'result/1'))?.contentType).toBe('image/webp')
      await store.deleteResults(job.id)
      expect(await store.getImage(job.id, 'result/0')).toBeUndefined()
      expect(await store.getImage(job.id, 'result/1')).toBeUndefined()
      expect((await store.getImage(job.id, 'uploaded-mask'))?.bytes).toEqual(new Uint8Array([9]))
    })

    it('stores a new job together with its input and mask', async () => {
      const mask = { ...PNG, bytes: new Uint8Array([255, 0]) }
      const job = await store.create(newJob(), { input: PNG, 'uploaded-mask': mask })
      expect(await store.getImage(job.id, 'input')).toEqual(PNG)
      expect(await store.getImage(job.id, 'uploaded-mask')).toEqual(mask)
    })

    it('a duplicate job id is refused and leaves the first job intact', async () => {
      const job = await store.create(newJob(), { input: PNG })
      await expect(
        store.create({ ...newJob(), id: job.id }, { input: { ...PNG, width: 9 } })
      ).rejects.toThrow()
      expect(await store.getImage(job.id, 'input')).toEqual(PNG)
    })

    it('refuses an image for a job that does not exist', async () => {
      await expect(store.putImage('job-missing', 'input', PNG)).rejects.toThrow(/does not exist/)
    })
  })

  describe(`${name}: retention`, () => {
    it('a job expires 24 h after it finished; unfinished jobs never expire', async () => {
      const done = await store.create(newJob())
      const waiting = await store.create(newJob())
      const running = await store.create(newJob())
      await store.update(running.id, { status: 'running' }, at(0))
      await store.putImage(done.id, 'result/0', PNG)
      const finished = await finish(done.id, 'succeeded', at(HOUR))
      expect(finished.expiresAt).toBe(at(25 * HOUR))
      expect(await store.deleteExpired(at(25 * HOUR - 1))).toEqual([])
      expect(await store.deleteExpired(at(100 * HOUR))).toEqual([done.id])
      expect(await store.get(done.id)).toBeUndefined()
      expect(await store.getImage(done.id, 'result/0')).toBeUndefined()
      expect((await store.listUnfinished()).map((job) => job.id)).toEqual([waiting.id, running.id])
    })

    it('marking a job inserted does not extend its retention', async () => {
      const job = await store.create(newJob())
      await finish(job.id, 'succeeded', at(0))
      await store.update(job.id, { insertedAt: at(HOUR) }, at(HOUR))
      expect((await store.get(job.id))?.expiresAt).toBe(at(24 * HOUR))
    })
  })
}

/**
 * The `JobStore` contract, run against every store (memory, SQLite): lifecycle, queries, images,
 * retention and erasure. A store passes when it behaves exactly like the others from the job core's point
 * of view.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { StoreRetention } from '../../../src/gateway/jobs/memory-store.js'
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

/** Job `j1` of `ann`, a Studio relight as the service creates it: the stores' own tests start from it. */
export function sampleJob(createdAt: string): NewJob {
  const parsed = parseRelightParams({ model: 'local/studio', prompt: 'warm' })
  if (!parsed.ok) throw new Error('fixture params must parse')
  return {
    id: 'j1',
    owner: 'ann',
    model: 'local/studio',
    provider: 'local',
    params: parsed.params,
    createdAt
  }
}

const PNG: StoredImage = {
  bytes: new Uint8Array([137, 80, 78, 71, 1, 2, 3]),
  contentType: 'image/png',
  width: 3,
  height: 2
}

/** `open` makes a fresh store with a 24 h retention, or the retention options it is given. */
export function storeContract(name: string, open: (retention?: StoreRetention) => Promise<JobStore>): void {
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

    it('with a keep-after-insert time, a placed job expires that long after it was placed', async () => {
      const kept = await open({ keepAfterInsertMs: HOUR })
      try {
        const placed = await kept.create({ ...newJob(), id: 'placed' })
        const unplaced = await kept.create({ ...newJob(), id: 'unplaced' })
        for (const { id } of [placed, unplaced]) {
          await kept.update(id, { status: 'running' }, at(0))
          await kept.putImage(id, 'result/0', PNG)
          await kept.update(id, { status: 'succeeded' }, at(0))
        }
        const marked = await kept.update(placed.id, { insertedAt: at(2 * HOUR) }, at(2 * HOUR))
        expect(marked.expiresAt).toBe(at(3 * HOUR))
        expect((await kept.get(unplaced.id))?.expiresAt).toBe(at(24 * HOUR))
        expect(await kept.deleteExpired(at(3 * HOUR - 1))).toEqual([])
        expect(await kept.deleteExpired(at(3 * HOUR))).toEqual([placed.id])
        expect(await kept.getImage(placed.id, 'result/0')).toBeUndefined()
        expect(await kept.getImage(unplaced.id, 'result/0')).toEqual(PNG)
      } finally {
        await kept.close()
      }
    })

    it('a keep-after-insert time longer than what is left never extends the retention', async () => {
      const kept = await open({ keepAfterInsertMs: 48 * HOUR })
      try {
        const job = await kept.create(newJob())
        await kept.update(job.id, { status: 'running' }, at(0))
        await kept.update(job.id, { status: 'succeeded' }, at(0))
        await kept.update(job.id, { insertedAt: at(HOUR) }, at(HOUR))
        expect((await kept.get(job.id))?.expiresAt).toBe(at(24 * HOUR))
      } finally {
        await kept.close()
      }
    })
  })

  describe(`${name}: erasure`, () => {
    it('drops the input and the uploaded mask, and keeps the results and the job', async () => {
      const job = await store.create(newJob(), { input: PNG, 'uploaded-mask': { ...PNG, width: 4 } })
      await store.putImage(job.id, 'result/0', { ...PNG, width: 6 })
      await finish(job.id, 'succeeded', at(1))
      await store.deleteInputs(job.id)
      for (const slot of ['input', 'uploaded-mask'] as const) {
        expect(await store.getImage(job.id, slot)).toBeUndefined()
      }
      expect((await store.getImage(job.id, 'result/0'))?.width).toBe(6)
      expect((await store.get(job.id))?.status).toBe('succeeded')
      await store.deleteInputs(job.id) // again, and for a job that does not exist: no error
      await store.deleteInputs('job-missing')
    })

    it.each(['queued', 'running', 'succeeded'] as const)(
      'erases a %s job with every image, and says whether it existed',
      async (status) => {
        const job = await store.create(newJob(), { input: PNG })
        const other = await store.create(newJob(), { input: PNG })
        if (status !== 'queued') await store.update(job.id, { status: 'running' }, at(1))
        await store.putImage(job.id, 'result/0', PNG)
        if (status === 'succeeded') await store.update(job.id, { status: 'succeeded' }, at(2))
        expect(await store.erase(job.id)).toBe(true)
        expect(await store.get(job.id)).toBeUndefined()
        expect(await store.getImage(job.id, 'input')).toBeUndefined()
        expect(await store.getImage(job.id, 'result/0')).toBeUndefined()
        expect(await store.listByOwner('ann', 10)).toEqual([await store.get(other.id)])
        expect(await store.listUnfinished()).toEqual([await store.get(other.id)])
        expect(await store.erase(job.id)).toBe(false)
        expect(await store.getImage(other.id, 'input')).toEqual(PNG)
      }
    )

    it('lists one owner’s jobs created before a time, oldest first, in every state', async () => {
      const a = await store.create(newJob('ann', { createdAt: at(1 * HOUR) }))
      await store.create(newJob('bob', { createdAt: at(1 * HOUR) }))
      const c = await store.create(newJob('ann', { createdAt: at(2 * HOUR) }))
      await store.create(newJob('ann', { createdAt: at(3 * HOUR) }))
      await finish(c.id, 'failed', at(2 * HOUR))
      expect((await store.listCreatedBefore('ann', at(3 * HOUR))).map((job) => job.id)).toEqual([a.id, c.id])
      expect(await store.listCreatedBefore('ann', at(0))).toEqual([])
      expect(await store.listCreatedBefore('nobody', at(9 * HOUR))).toEqual([])
    })
  })
}

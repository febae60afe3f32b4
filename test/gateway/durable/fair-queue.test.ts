/**
 * The bounded, fair queue on a SQLite-backed gateway: with one Studio slot, a second designer's single
 * job goes before the rest of the first designer's batch, and every waiting job reports its real place.
 */
import { afterEach, describe, expect, it } from 'vitest'

import type { Authenticate } from '../../../src/gateway/auth/caller.js'
import { ProviderQueues } from '../../../src/gateway/jobs/queue.js'
import type { RunningGateway } from '../../../src/gateway/server.js'
import type { JobView } from '../../../src/protocol/api.js'
import { fixture, GatedProvider, relightForm, STUDIO, waitFor } from '../helpers.js'
import { startDurable } from './gateway-durable.js'
import { tempDataDir } from './temp-dir.js'

const byHeader: Authenticate = async (headers) => {
  const owner = headers.get('x-owner') ?? 'local'
  return { owner, name: owner }
}

let gw: RunningGateway | undefined
afterEach(() => gw?.close())

async function submitAs(owner: string): Promise<string> {
  const response = await fetch(`${gw!.url}/v1/relight`, {
    method: 'POST',
    body: relightForm(STUDIO, fixture('coffee.png')),
    headers: { 'x-owner': owner }
  })
  return ((await response.json()) as { id: string }).id
}

async function position(owner: string, id: string): Promise<number | undefined> {
  const response = await fetch(`${gw!.url}/v1/jobs/${id}`, { headers: { 'x-owner': owner } })
  return ((await response.json()) as JobView).queuePosition
}

describe('fair queue per provider', () => {
  it('serves a second owner’s single job before the rest of a batch, with real positions', async () => {
    const gated = new GatedProvider()
    const concurrency = { local: 1, fal: 1, replicate: 1, segmind: 1 }
    gw = await startDurable(tempDataDir(), { concurrency }, { providers: { local: gated }, auth: byHeader })
    const batch = [await submitAs('ann'), await submitAs('ann'), await submitAs('ann'), await submitAs('ann')]
    const single = await submitAs('bob')
    await waitFor(async () => (gated.started.length ? true : undefined), 'first started')
    expect(await position('bob', single)).toBe(1)
    expect(await Promise.all(batch.slice(1).map((id) => position('ann', id)))).toEqual([2, 3, 4])

    for (const id of [batch[0]!, single, ...batch.slice(1)]) {
      await waitFor(async () => (gated.release(id) ? true : undefined), `${id} started (${gated.started})`)
    }
    expect(gated.started).toEqual([batch[0], single, ...batch.slice(1)])
  })

  it('ProviderQueues: the owner served longest ago goes first; ties go to the oldest job', async () => {
    const started: string[] = []
    const gates = new Map<string, () => void>()
    const queues = new ProviderQueues({ local: 2, fal: 1, replicate: 1, segmind: 1 })
    const job = (id: string) => () => {
      started.push(id)
      return new Promise<void>((resolve) => gates.set(id, resolve))
    }
    for (const id of ['a1', 'a2', 'a3', 'a4']) queues.enqueue('local', id, job(id), 'ann')
    queues.enqueue('local', 'b1', job('b1'), 'bob')
    queues.enqueue('local', 'c1', job('c1'), 'cy')
    expect(started).toEqual(['a1', 'a2'])
    expect(queues.waitingIds('local')).toEqual(['b1', 'c1', 'a3', 'a4'])
    expect(queues.position('c1')).toBe(2)
    gates.get('a1')!()
    await waitFor(async () => (started.length === 3 ? true : undefined), 'third start')
    expect(started.at(-1)).toBe('b1')
  })
})

/**
 * kill -9 while submits are in flight. Replicate: predictions whose create answer never came back are
 * found again in Replicate's list (by the fingerprint of their exact input) and finished; a create that
 * never made a prediction is sent again, once. Nothing is lost and nothing is billed twice. fal's queue
 * lists nothing to match against: a fal submit in flight still ends "interrupted", with a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { JobView } from '../../src/protocol/api.js'
import { type ChildGateway, spawnGateway } from '../../testkit/child-gateway.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { type FakeReplicate, startFakeReplicate } from '../../testkit/fakes/replicate.js'
import { tempDataDir } from '../gateway/durable/temp-dir.js'
import { submitOk, waitFor } from '../gateway/helpers.js'

const FAL_KEY = 'fal-test-key'
const REPLICATE_TOKEN = 'r8_test_token'
const GLOB = { model: 'replicate/icl-glob-v1', prompt: 'neon night', lightSource: 'right' } as const
const ICLIGHT = { model: 'fal/iclight-v2', prompt: 'warm sunset', lightSource: 'left' } as const
const CREATE = /^\/models\/.+\/predictions$/

let fal: FakeFal
let replicate: FakeReplicate
const children: ChildGateway[] = []

beforeAll(async () => {
  fal = await startFakeFal({ key: FAL_KEY, queuePolls: 1, progressPolls: 1 })
  // A slow create: the prediction exists at once, its answer takes seconds (time enough for a crash).
  replicate = await startFakeReplicate({
    token: REPLICATE_TOKEN,
    startingPolls: 1,
    processingPolls: 1,
    createDelayMs: 4000,
    pageSize: 2
  })
})
afterAll(async () => {
  for (const child of children) await child.kill9()
  await Promise.all([fal.close(), replicate.close()])
})

async function start(dataDir: string): Promise<ChildGateway> {
  const child = await spawnGateway({
    RELIGHT_DATA_DIR: dataDir,
    FAL_KEY,
    FAL_QUEUE_URL: fal.url,
    REPLICATE_API_TOKEN: REPLICATE_TOKEN,
    REPLICATE_API_URL: replicate.url,
    RELIGHT_CONCURRENCY: '8'
  })
  children.push(child)
  return child
}

const creates = () => replicate.requests.filter((r) => r.method === 'POST' && CREATE.test(r.path)).length

describe('kill -9 during submits, then restart on the same data directory', () => {
  it('loses no Replicate job and submits none twice; a fal submit in flight ends interrupted', async () => {
    // Older predictions of the same account, made before the gateway started: never taken for ours.
    for (let n = 0; n < 3; n++) {
      await fetch(`${replicate.url}/models/fater-ai/icl-glob-v1/predictions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${REPLICATE_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ input: { prompt: 'someone else' } })
      })
    }
    const before = replicate.predictions.size
    const dataDir = tempDataDir()
    const first = await start(dataDir)
    // The first create reaches Replicate but never makes a prediction (nor answers).
    replicate.fault({ method: 'POST', path: CREATE }, { kind: 'hang' }, 1)
    fal.fault({ method: 'POST', path: /^\/fal-ai\// }, { kind: 'hang' }, 1)
    const replicateJobs = []
    for (let n = 0; n < 4; n++) replicateJobs.push(await submitOk(first.url, GLOB))
    const falJob = await submitOk(first.url, ICLIGHT)
    await waitFor(
      async () => (creates() >= 3 + 4 && fal.requests.some((r) => r.method === 'POST') ? true : undefined),
      'submits in flight',
      15_000
    )
    expect(replicate.predictions.size - before).toBe(3)
    await first.kill9()

    const second = await start(dataDir)
    const all = [...replicateJobs, falJob]
    const finals = await waitFor(
      async () => {
        const views = await Promise.all(
          all.map(async (id) => (await (await fetch(`${second.url}/v1/jobs/${id}`)).json()) as JobView)
        )
        return views.every((view) => ['succeeded', 'failed', 'canceled'].includes(view.status))
          ? views
          : undefined
      },
      'all jobs final',
      60_000
    )
    const byId = new Map(finals.map((view) => [view.id, view]))
    for (const id of replicateJobs) {
      const view = byId.get(id)!
      expect([view.status, view.error]).toEqual(['succeeded', undefined])
      expect((await fetch(`${second.url}${view.images[0]!.url}`)).status).toBe(200)
    }
    // Three predictions adopted from the list, one sent again: four predictions for four jobs.
    expect(replicate.predictions.size - before).toBe(4)
    expect(creates()).toBe(3 + 4 + 1)
    expect(replicate.requests.some((r) => r.method === 'GET' && r.path === '/predictions')).toBe(true)

    const interrupted = byId.get(falJob)!
    expect(interrupted).toMatchObject({ status: 'failed', error: { code: 'interrupted' } })
    expect(interrupted.error!.message).toMatch(/fal\.ai.*not charged twice/)
    await second.stop()
  }, 120_000)
})

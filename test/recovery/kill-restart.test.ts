/**
 * The gateway process is killed with SIGKILL while fal and Replicate jobs are at the providers (and one
 * more waits in the gateway's own line), then started again on the same data directory: every job
 * reaches a final state with its images, and each provider saw each submit exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { JobView } from '../../src/protocol/api.js'
import { type ChildGateway, spawnGateway } from '../../testkit/child-gateway.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { type FakeReplicate, startFakeReplicate } from '../../testkit/fakes/replicate.js'
import { tempDataDir } from '../gateway/durable/temp-dir.js'
import { STUDIO, submitOk, waitFor } from '../gateway/helpers.js'

const FAL_KEY = 'fal-test-key'
const REPLICATE_TOKEN = 'r8_test_token'
const ICLIGHT = { model: 'fal/iclight-v2', prompt: 'warm sunset', lightSource: 'left' } as const
const GLOB = { model: 'replicate/icl-glob-v1', prompt: 'neon night', lightSource: 'right' } as const

let fal: FakeFal
let replicate: FakeReplicate
const children: ChildGateway[] = []

beforeAll(async () => {
  fal = await startFakeFal({ key: FAL_KEY, queuePolls: 2, progressPolls: 3 })
  replicate = await startFakeReplicate({ token: REPLICATE_TOKEN, startingPolls: 2, processingPolls: 3 })
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
    RELIGHT_CONCURRENCY: '2'
  })
  children.push(child)
  return child
}

const submitsTo = (fake: FakeFal | FakeReplicate, path: RegExp) =>
  fake.requests.filter((request) => request.method === 'POST' && path.test(request.path)).length

describe('kill -9 mid-run, then restart on the same data directory', () => {
  it('every job ends with its images, and no job was submitted twice', async () => {
    const dataDir = tempDataDir()
    const first = await start(dataDir)
    const falJobs = [
      await submitOk(first.url, ICLIGHT),
      await submitOk(first.url, ICLIGHT),
      await submitOk(first.url, ICLIGHT)
    ]
    const replicateJobs = [await submitOk(first.url, GLOB), await submitOk(first.url, GLOB)]
    const studioJobs = [await submitOk(first.url, STUDIO), await submitOk(first.url, STUDIO)]

    // Two fal requests and both predictions are being polled (their ids are stored); fal job 3 waits.
    const polled = (states: Iterable<{ polls: number }>, n: number) =>
      [...states].filter((s) => s.polls > 0).length >= n
    await waitFor(
      async () =>
        polled(fal.jobs.values(), 2) && polled(replicate.predictions.values(), 2) ? true : undefined,
      'providers polled',
      15_000
    )
    expect(fal.jobs.size).toBe(2)
    const before = await Promise.all(
      falJobs.map(
        async (id) => ((await (await fetch(`${first.url}/v1/jobs/${id}`)).json()) as JobView).status
      )
    )
    for (const status of before) expect(['queued', 'running']).toContain(status)
    await first.kill9()

    const second = await start(dataDir)
    const all = [...falJobs, ...replicateJobs, ...studioJobs]
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
    expect(finals.map((view) => [view.id, view.status, view.error])).toEqual(
      all.map((id) => [id, 'succeeded', undefined])
    )
    for (const view of finals) {
      expect(view.images).toHaveLength(1) // each job asked for one image
      const image = await fetch(`${second.url}${view.images[0]!.url}`)
      expect(image.status).toBe(200)
      expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(50)
    }
    expect(submitsTo(fal, /^\/fal-ai\//)).toBe(falJobs.length)
    expect(fal.jobs.size).toBe(falJobs.length)
    expect(submitsTo(replicate, /^\/models\/.+\/predictions$/)).toBe(replicateJobs.length)
    await second.stop()
  }, 120_000)
})

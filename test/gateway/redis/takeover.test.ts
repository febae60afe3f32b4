/**
 * Gateway instances as child processes (as an admin runs them) sharing one redis-server and a fake fal
 * over HTTP. An instance killed with kill -9 mid-job: another takes the job over once its lock lapses
 * and resumes it by the stored request id, never submitting it twice; a submit cut off mid-flight fails
 * with the clear "not sent again" error instead. SIGTERM hands a running job over at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { JobView } from '../../../src/protocol/api.js'
import { type ChildGateway, spawnGateway } from '../../../testkit/child-gateway.js'
import { type FakeFal, startFakeFal } from '../../../testkit/fakes/fal.js'
import {
  redisAvailable,
  startTestRedis,
  type TestRedis,
  uniquePrefix
} from '../../../testkit/redis-server.js'
import { ICLIGHT } from '../durable/gateway-durable.js'
import { tempDataDir } from '../durable/temp-dir.js'
import { getJob, readEvents, submitOk, waitFor } from '../helpers.js'

const FAL_KEY = 'test-fal-key'
const TAKEOVER_MS = 2000

describe.skipIf(!redisAvailable)('an instance dies or stops mid-job', () => {
  let redis: TestRedis
  let fal: FakeFal
  const children: ChildGateway[] = []
  beforeAll(async () => {
    redis = await startTestRedis()
  })
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.kill9()))
    await fal?.close()
  })
  afterAll(() => redis?.close())

  const env = (prefix: string, takeoverMs: number): Record<string, string> => ({
    REDIS_URL: redis.url,
    RELIGHT_REDIS_PREFIX: prefix,
    RELIGHT_TAKEOVER_MS: String(takeoverMs),
    RELIGHT_DATA_DIR: tempDataDir(),
    FAL_KEY,
    FAL_QUEUE_URL: fal.url
  })
  const spawn = async (prefix: string, takeoverMs = TAKEOVER_MS): Promise<ChildGateway> => {
    const child = await spawnGateway(env(prefix, takeoverMs))
    children.push(child)
    return child
  }
  const submits = (): number => fal.requests.filter((request) => request.method === 'POST').length

  it('kill -9 while the provider works: another instance resumes the job by its request id', async () => {
    fal = await startFakeFal({ key: FAL_KEY, queuePolls: 1, progressPolls: 4 })
    const prefix = uniquePrefix()
    const a = await spawn(prefix)
    const id = await submitOk(a.url, ICLIGHT)
    await waitFor(async () => ((await getJob(a.url, id)).status === 'running' ? true : undefined), 'running')
    const b = await spawn(prefix)
    await a.kill9()
    const { views } = await readEvents(b.url, id)
    expect(views.at(-1)?.status, b.output()).toBe('succeeded')
    expect((await fetch(`${b.url}/v1/jobs/${id}/images/0`)).status).toBe(200)
    expect(submits()).toBe(1)
  }, 40_000)

  it('kill -9 while the submit is in flight: the job fails as interrupted and is not sent again', async () => {
    fal = await startFakeFal({ key: FAL_KEY })
    fal.fault({ method: 'POST', path: /^\/fal-ai\// }, { kind: 'hang' })
    const prefix = uniquePrefix()
    const a = await spawn(prefix)
    const id = await submitOk(a.url, ICLIGHT)
    await waitFor(async () => (submits() ? true : undefined), 'submit reached the provider')
    const b = await spawn(prefix)
    await a.kill9()
    const job = await waitFor(
      async () => {
        const view: JobView = await getJob(b.url, id)
        return view.status === 'failed' ? view : undefined
      },
      'interrupted',
      20_000
    )
    expect(job.error?.code).toBe('interrupted')
    expect(job.error?.message).toMatch(/not sent again/)
    expect(submits()).toBe(1)
  }, 40_000)

  it('SIGTERM hands a running job to another instance without waiting for its lock to lapse', async () => {
    fal = await startFakeFal({ key: FAL_KEY, queuePolls: 1, progressPolls: 3 })
    const prefix = uniquePrefix()
    // A lock that would hold the job for 10 minutes: only an explicit hand-over lets B run it in time.
    const a = await spawn(prefix, 600_000)
    const id = await submitOk(a.url, ICLIGHT)
    await waitFor(async () => ((await getJob(a.url, id)).status === 'running' ? true : undefined), 'running')
    const b = await spawn(prefix, 600_000)
    await a.stop()
    expect(a.child.exitCode).toBe(0)
    const { views } = await readEvents(b.url, id)
    expect(views.at(-1)?.status, b.output()).toBe('succeeded')
    expect(submits()).toBe(1)
  }, 40_000)
})

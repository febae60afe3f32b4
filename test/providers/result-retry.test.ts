/**
 * A finished, paid result is read again after a transient failure instead of failing the job: an HTTP
 * 500 from fal's response_url, connections dropped while downloading a Replicate output, with growing
 * waits between tries. What is truly gone (404) fails at once. Real gateway, fake providers over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest'

import { createFalAdapter } from '../../src/gateway/providers/fal/adapter.js'
import { createReplicateAdapter } from '../../src/gateway/providers/replicate/adapter.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { type FakeReplicate, startFakeReplicate } from '../../testkit/fakes/replicate.js'
import { submitOk } from '../gateway/helpers.js'
import { type ProviderGateway, startProviderGateway, waitForJob } from './gateway-helpers.js'
import { FAL_KEY, REPLICATE_TOKEN } from './helpers.js'

let gw: ProviderGateway | undefined
let fake: FakeFal | FakeReplicate | undefined
afterEach(async () => {
  await gw?.close()
  await fake?.close()
  gw = fake = undefined
})

/** Sleeps recorded, not waited: the backoff is asserted, the test stays fast. */
function recordedSleep() {
  const waits: number[] = []
  return { waits, sleep: async (ms: number) => void waits.push(ms) }
}

async function falGateway() {
  const fal = await startFakeFal({ key: FAL_KEY, queuePolls: 0, progressPolls: 1 })
  fake = fal
  const { waits, sleep } = recordedSleep()
  const adapter = createFalAdapter({
    key: FAL_KEY,
    queueUrl: fal.url,
    pollIntervalMs: 5,
    sleep,
    random: () => 0.5
  })
  gw = await startProviderGateway({}, { fal: adapter })
  return { fal, gw, waits }
}

async function replicateGateway() {
  const replicate = await startFakeReplicate({ token: REPLICATE_TOKEN, startingPolls: 0, processingPolls: 1 })
  fake = replicate
  const { waits, sleep } = recordedSleep()
  const adapter = createReplicateAdapter({
    token: REPLICATE_TOKEN,
    apiUrl: replicate.url,
    pollIntervalMs: 5,
    sleep,
    random: () => 0.5
  })
  gw = await startProviderGateway({}, { replicate: adapter })
  return { replicate, gw, waits }
}

const ICLIGHT = { model: 'fal/iclight-v2', prompt: 'warm', lightSource: 'left' } as const
const GLOB = { model: 'replicate/icl-glob-v1', prompt: 'warm', lightSource: 'left' } as const
const RESULT_URL = /^\/fal-ai\/iclight-v2\/requests\/[^/]+$/

describe('reading a finished result again after a transient failure', () => {
  it('fal: one HTTP 500 from the response_url, then the result: the job succeeds', async () => {
    const { fal, gw } = await falGateway()
    fal.fault({ method: 'GET', path: RESULT_URL }, { kind: 'status', status: 500 }, 1)
    const job = await waitForJob(gw, await submitOk(gw.url, ICLIGHT))
    expect(job.status).toBe('succeeded')
    expect(fal.requests.filter((r) => r.method === 'GET' && RESULT_URL.test(r.path))).toHaveLength(2)
    expect((await fetch(`${gw.url}${job.images[0]!.url}`)).status).toBe(200)
  })

  it('Replicate: six dropped downloads of an output (mid-body and before any byte), then success', async () => {
    const { replicate, gw, waits } = await replicateGateway()
    replicate.fault({ method: 'GET', path: /^\/files\// }, { kind: 'truncate' }, 3)
    replicate.fault({ method: 'GET', path: /^\/files\// }, { kind: 'reset' }, 3)
    const job = await waitForJob(gw, await submitOk(gw.url, GLOB))
    expect(job.status).toBe('succeeded')
    expect(replicate.requests.filter((r) => r.path.startsWith('/files/'))).toHaveLength(7)
    // Backoff: each wait longer than the one before, none over 30 s.
    const backoff = waits.filter((ms) => ms > 5)
    expect(backoff).toHaveLength(6)
    expect(backoff.every((ms, i) => i === 0 || ms > backoff[i - 1]!)).toBe(true)
    expect(Math.max(...backoff)).toBeLessThanOrEqual(30_000)
  })

  it('fal: a 500 on the result and drops on the download together still end with the images', async () => {
    const { fal, gw } = await falGateway()
    fal.fault({ method: 'GET', path: RESULT_URL }, { kind: 'status', status: 500 }, 3)
    fal.fault({ method: 'GET', path: /^\/files\// }, { kind: 'truncate' }, 2)
    const job = await waitForJob(gw, await submitOk(gw.url, ICLIGHT))
    expect(job.status).toBe('succeeded')
  })

  it('a result that is gone (404) fails at once with a clear error, not after minutes of retries', async () => {
    const { fal, gw } = await falGateway()
    fal.fault(
      { method: 'GET', path: RESULT_URL },
      { kind: 'status', status: 404, body: { detail: 'Not found' } },
      1
    )
    const job = await waitForJob(gw, await submitOk(gw.url, ICLIGHT))
    expect(job).toMatchObject({ status: 'failed', error: { code: 'not_found' } })
    expect(job.error!.message).toMatch(/fal\.ai no longer knows this request/)
    expect(fal.requests.filter((r) => r.method === 'GET' && RESULT_URL.test(r.path))).toHaveLength(1)
  })
})

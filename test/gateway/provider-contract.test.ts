/**
 * The provider contract's async path (the shape of fal's queue and Replicate's predictions), driven by a
 * hand-written double: submit → queued with a position → running with progress → succeeded → result;
 * cancel reaches the provider; a provider failure becomes the job's error in its own words.
 */
import { afterEach, describe, expect, it } from 'vitest'

import { encodeImage } from '../../src/gateway/images.js'
import type {
  AsyncProvider,
  ProviderInput,
  ProviderResult,
  ProviderState
} from '../../src/gateway/providers/contract.js'
import type { RunningGateway } from '../../src/gateway/server.js'
import type { JobView } from '../../src/protocol/api.js'
import type { ModelEntry } from '../../src/protocol/catalog.js'
import { getJob, readEvents, startTestGateway, STUDIO, submitOk, waitFor } from './helpers.js'

/** Scripted states per poll; the last one repeats. */
class QueueDouble implements AsyncProvider {
  readonly name = 'local' as const
  readonly kind = 'async' as const
  readonly pollIntervalMs = 5
  readonly submitted: string[] = []
  readonly canceled: string[] = []
  /** When set, submit waits for it: a test can subscribe to the job's events before anything moves. */
  gate: Promise<void> | undefined
  #polls = 0

  constructor(private readonly script: readonly ProviderState[]) {}

  async submit(input: ProviderInput): Promise<{ requestId: string }> {
    await this.gate
    this.submitted.push(input.jobId)
    return { requestId: `req-${this.submitted.length}` }
  }

  async status(requestId: string, _model: ModelEntry): Promise<ProviderState> {
    if (this.canceled.includes(requestId)) return { state: 'canceled' }
    return this.script[Math.min(this.#polls++, this.script.length - 1)]!
  }

  async result(_requestId: string, input: ProviderInput): Promise<ProviderResult> {
    const image = await encodeImage(input.image, 'png')
    return { images: [image, image], seed: 1234 }
  }

  async cancel(requestId: string): Promise<void> {
    this.canceled.push(requestId)
  }
}

/** Reads the job's event stream to its end; `onFirst` runs once the first event (the snapshot) arrived. */
async function followEvents(base: string, id: string, onFirst: () => void): Promise<JobView[]> {
  const response = await fetch(`${base}/v1/jobs/${id}/events`)
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  const views: JobView[] = []
  let buffer = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return views
    buffer += value
    const blocks = buffer.split('\n\n')
    buffer = blocks.pop()!
    for (const line of blocks.flatMap((block) => block.split('\n'))) {
      if (!line.startsWith('data:')) continue
      views.push(JSON.parse(line.slice(5)) as JobView)
      if (views.length === 1) onFirst()
    }
  }
}

let gw: RunningGateway | undefined
afterEach(() => gw?.close())

describe('async provider contract', () => {
  it('moves the job through the provider’s queue position, progress and logs to its results', async () => {
    const provider = new QueueDouble([
      { state: 'queued', queuePosition: 3 },
      { state: 'queued', queuePosition: 1 },
      { state: 'running', progress: 0.5, logs: ['step 10/20'] },
      { state: 'succeeded', logs: ['step 10/20', 'done'] }
    ])
    let release!: () => void
    provider.gate = new Promise((resolve) => (release = resolve))
    gw = await startTestGateway({}, { providers: { local: provider } })
    const id = await submitOk(gw.url, STUDIO)
    const views = await followEvents(gw.url, id, release)
    const final = views.at(-1)!
    expect(final).toMatchObject({ status: 'succeeded', progress: 1, logs: ['step 10/20', 'done'] })
    expect(final.params.seed).toBe(1234)
    expect(final.images).toHaveLength(2)
    expect(views.map((v) => v.queuePosition).filter((p) => p !== undefined)).toEqual(
      expect.arrayContaining([3, 1])
    )
    expect(views).toContainEqual(expect.objectContaining({ status: 'running', progress: 0.5 }))
    expect(provider.submitted).toEqual([id])
  })

  it('a job whose provider is already done at the first poll still succeeds with its images', async () => {
    const provider = new QueueDouble([{ state: 'succeeded' }])
    gw = await startTestGateway({}, { providers: { local: provider } })
    const id = await submitOk(gw.url, STUDIO)
    const { views } = await readEvents(gw.url, id)
    expect(views.at(-1)).toMatchObject({ status: 'succeeded' })
    expect(views.at(-1)!.images).toHaveLength(2)
  })

  it('cancel reaches the provider with its request id', async () => {
    const provider = new QueueDouble([{ state: 'running', progress: 0.1 }])
    gw = await startTestGateway({}, { providers: { local: provider } })
    const id = await submitOk(gw.url, STUDIO)
    await waitFor(
      async () => ((await getJob(gw!.url, id)).status === 'running' ? true : undefined),
      'running'
    )
    const response = await fetch(`${gw.url}/v1/jobs/${id}/cancel`, { method: 'POST' })
    expect(response.status).toBe(200)
    expect(provider.canceled).toEqual(['req-1'])
    expect((await getJob(gw.url, id)).status).toBe('canceled')
  })

  it('a provider failure ends the job failed with the provider’s message', async () => {
    const message = 'Segmind says the account has no credits left. Ask your admin to top it up.'
    const provider = new QueueDouble([{ state: 'failed', error: { code: 'no_credits', message } }])
    gw = await startTestGateway({}, { providers: { local: provider } })
    const id = await submitOk(gw.url, STUDIO)
    const final = (await readEvents(gw.url, id)).views.at(-1)!
    expect(final).toMatchObject({ status: 'failed', error: { code: 'no_credits', message } })
    expect(final.images).toEqual([])
  })
})

/** Shared by the time-estimate tests: a fal-backed gateway on loopback and partial event-stream reads. */
import type { GatewayConfig } from '../../src/gateway/env.js'
import type { GatewayOverrides } from '../../src/gateway/gateway.js'
import { createFalAdapter } from '../../src/gateway/providers/fal/adapter.js'
import type { RunningGateway } from '../../src/gateway/server.js'
import type { JobView } from '../../src/protocol/api.js'
import type { FakeFal } from '../../testkit/fakes/fal.js'
import { FAL_KEY } from '../providers/helpers.js'
import { startTestGateway, submitOk, waitFor } from './helpers.js'

export const FAL_JOB = { model: 'fal/iclight-v2', prompt: 'warm sunset', lightSource: 'left' } as const

/** The real gateway with the real fal adapter pointed at the fake, polling it often. */
export function startFalGateway(
  fal: FakeFal,
  config: Partial<GatewayConfig> = {},
  overrides: GatewayOverrides = {}
): Promise<RunningGateway> {
  const adapter = createFalAdapter({ key: FAL_KEY, queueUrl: fal.url, pollIntervalMs: 40, timeoutMs: 5_000 })
  return startTestGateway(
    { keys: { FAL_KEY }, providerUrls: { ...testUrls, fal: fal.url }, ...config },
    { ...overrides, providers: { fal: adapter, ...overrides.providers } }
  )
}

const testUrls = {
  fal: '',
  replicate: 'https://api.replicate.com/v1',
  segmind: 'https://api.segmind.com/v1'
}

/** Submits a fal job that runs `runMs` at the fake, returning once the fake has it (so timings don't mix). */
export async function submitTimed(gw: RunningGateway, fal: FakeFal, runMs: number): Promise<string> {
  fal.setRunMs(runMs)
  const before = fal.jobs.size
  const id = await submitOk(gw.url, FAL_JOB)
  await waitFor(async () => (fal.jobs.size > before ? true : undefined), 'the fake fal to get the request')
  return id
}

export async function view(base: string, id: string, headers: Record<string, string> = {}): Promise<JobView> {
  const response = await fetch(`${base}/v1/jobs/${id}`, { headers })
  if (!response.ok) throw new Error(`GET job: ${response.status}`)
  return (await response.json()) as JobView
}

export async function waitForView(
  base: string,
  id: string,
  until: (job: JobView) => boolean,
  what: string,
  ms = 10_000
): Promise<JobView> {
  return waitFor(
    async () => {
      const job = await view(base, id)
      return until(job) ? job : undefined
    },
    what,
    ms
  )
}

/**
 * Reads the job's event stream until `until` holds for a view (or the stream ends), then stops reading.
 * Returns every view seen.
 */
export async function eventsUntil(
  base: string,
  id: string,
  until: (job: JobView) => boolean,
  headers: Record<string, string> = {},
  ms = 10_000
): Promise<JobView[]> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), ms)
  const seen: JobView[] = []
  try {
    const response = await fetch(`${base}/v1/jobs/${id}/events`, { headers, signal: controller.signal })
    if (!response.ok || !response.body) throw new Error(`events: ${response.status}`)
    const decoder = new TextDecoder()
    let buffer = ''
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        for (const line of block.split('\n')) {
          if (!line.startsWith('data:')) continue
          const job = JSON.parse(line.slice(5)) as JobView
          seen.push(job)
          if (until(job)) return seen
        }
      }
    }
    return seen
  } catch (error) {
    if (controller.signal.aborted) {
      throw new Error(`the event stream never showed what was awaited; saw ${JSON.stringify(seen)}`)
    }
    throw error
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

/** The real gateway on loopback wired to fake providers, with every log line captured for assertions. */
import { Writable } from 'node:stream'

import { pino } from 'pino'

import type { GatewayConfig } from '../../src/gateway/env.js'
import type { ProviderSet } from '../../src/gateway/providers/registry.js'
import type { RunningGateway } from '../../src/gateway/server.js'
import type { JobView } from '../../src/protocol/api.js'
import { startTestGateway } from '../gateway/helpers.js'
import { FAL_KEY, REPLICATE_TOKEN, SEGMIND_KEY } from './helpers.js'

export const ALL_KEYS = { FAL_KEY, REPLICATE_API_TOKEN: REPLICATE_TOKEN, SEGMIND_API_KEY: SEGMIND_KEY }

export interface ProviderGateway extends RunningGateway {
  readonly logLines: string[]
  /** Every JSON body the test read from the gateway, to check for keys. */
  readonly seen: unknown[]
}

export async function startProviderGateway(
  config: Partial<GatewayConfig>,
  providers: ProviderSet = {}
): Promise<ProviderGateway> {
  const logLines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'))
      done()
    }
  })
  const logger = pino({ level: 'trace' }, sink)
  const running = await startTestGateway({ keys: ALL_KEYS, ...config }, { providers, logger })
  return Object.assign(running, { logLines, seen: [] as unknown[] })
}

/** Polls the job until it is final (or `until` holds), recording what it saw. */
export async function waitForJob(
  gw: ProviderGateway,
  id: string,
  until: (job: JobView) => boolean = (job) => ['succeeded', 'failed', 'canceled'].includes(job.status),
  ms = 10_000
): Promise<JobView> {
  const deadline = Date.now() + ms
  for (;;) {
    const job = (await (await fetch(`${gw.url}/v1/jobs/${id}`)).json()) as JobView
    gw.seen.push(job)
    if (until(job)) return job
    if (Date.now() > deadline) throw new Error(`job ${id} stuck in ${job.status}`)
    await new Promise((resolve) => setTimeout(resolve, 15))
  }
}

export const noSleep = async (): Promise<void> => undefined

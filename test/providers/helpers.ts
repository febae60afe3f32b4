/** Shared set-up for provider tests: an upstream with instant, recorded sleeps, and validated requests. */
import { expect } from 'vitest'

import type { RelightInput } from '../../src/gateway/providers/relight-input.js'
import { FAL_RESULT_HOSTS, type HostRule, REPLICATE_RESULT_HOSTS } from '../../src/gateway/upstream/hosts.js'
import { createUpstream, type Upstream, type UpstreamLogEntry } from '../../src/gateway/upstream/http.js'
import { parseRelightParams, type RelightParams } from '../../src/protocol/request.js'

export const FAL_KEY = 'fal-test-key-0123456789abcdef:secret'
export const REPLICATE_TOKEN = 'r8_test-replicate-token-0123'
export const SEGMIND_KEY = 'SG_testkey0123456789abcdef'

export interface TestUpstream {
  readonly upstream: Upstream
  readonly sleeps: number[]
  readonly logs: UpstreamLogEntry[]
}

const IDENTITIES = {
  fal: { label: 'fal.ai', keyEnv: 'FAL_KEY', hosts: FAL_RESULT_HOSTS },
  replicate: { label: 'Replicate', keyEnv: 'REPLICATE_API_TOKEN', hosts: REPLICATE_RESULT_HOSTS },
  segmind: { label: 'Segmind', keyEnv: 'SEGMIND_API_KEY', hosts: [] as readonly HostRule[] }
} as const

export function testUpstream(
  provider: keyof typeof IDENTITIES,
  baseUrl: string,
  secret: string,
  extra: { timeoutMs?: number; fetch?: typeof fetch } = {}
): TestUpstream {
  const sleeps: number[] = []
  const logs: UpstreamLogEntry[] = []
  const identity = IDENTITIES[provider]
  const upstream = createUpstream(
    {
      provider,
      label: identity.label,
      keyEnv: identity.keyEnv,
      baseUrl,
      secrets: [secret],
      hosts: identity.hosts,
      ...(provider === 'segmind' ? { statusCodes: { 406: 'no_credits' } } : {})
    },
    {
      fetch: extra.fetch ?? fetch,
      sleep: async (ms) => {
        sleeps.push(ms)
      },
      random: () => 0.5,
      timeoutMs: extra.timeoutMs ?? 2000,
      log: (entry) => logs.push(entry)
    }
  )
  return { upstream, sleeps, logs }
}

export function params(raw: Record<string, unknown>): RelightParams {
  const result = parseRelightParams({ prompt: 'warm sunset', ...raw })
  if (!result.ok) throw new Error(`${result.error.field}: ${result.error.message}`)
  return result.params
}

export const IMAGE_URI = 'data:image/png;base64,iVBORw0KGgo='
export const MASK_URI = 'data:image/png;base64,TUFTSw=='
export const INIT_URI = 'data:image/png;base64,SU5JVA=='

export function relightInput(
  raw: Record<string, unknown>,
  images: Partial<RelightInput['images']> = {}
): RelightInput {
  return {
    params: params(raw),
    size: { width: 512, height: 640 },
    seed: 7,
    images: { image: IMAGE_URI, ...images }
  }
}

/** Asserts that no secret shows up anywhere in what is given (errors, logs, bodies). */
export function expectNoSecret(secret: string, ...things: unknown[]): void {
  for (const thing of things) {
    const text =
      thing instanceof Error
        ? `${thing.message} ${JSON.stringify(thing)} ${String(thing.stack)}`
        : (JSON.stringify(thing) ?? String(thing))
    expect(text).not.toContain(secret)
  }
}

export async function catchError(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    return error as Error & Record<string, unknown>
  }
  throw new Error('expected a rejection')
}

/**
 * The Segmind adapter: one synchronous `POST /v1/ic-light` per image (the call answers with one image's
 * bytes), seeds counting up from the request's so variations differ and repeat. The subject goes
 * flattened onto gray 127. A canceled job aborts the call in flight.
 */
import type { AdapterDeps } from '../../upstream/adapter-deps.js'
import { upstreamDeps } from '../../upstream/adapter-deps.js'
import { SEGMIND_RESULT_HOSTS } from '../../upstream/hosts.js'
import { createUpstream } from '../../upstream/http.js'
import type { SyncProvider } from '../contract.js'
import { drawSeed, providerImage, subjectDataUri } from '../provider-images.js'
import { createSegmindClient } from './ic-light.js'
import { mapSegmindInput } from './map-ic-light.js'

export const SEGMIND_API_URL = 'https://api.segmind.com/v1'
const SEED_SPACE = 2 ** 32

export interface SegmindAdapterConfig extends AdapterDeps {
  readonly key: string
  readonly apiUrl?: string
  /** Timeout of one synchronous call (a whole diffusion run). */
  readonly callTimeoutMs?: number
}

export function createSegmindAdapter(config: SegmindAdapterConfig): SyncProvider {
  const apiUrl = config.apiUrl ?? SEGMIND_API_URL
  const upstream = createUpstream(
    {
      provider: 'segmind',
      label: 'Segmind',
      keyEnv: 'SEGMIND_API_KEY',
      baseUrl: apiUrl,
      secrets: [config.key],
      hosts: SEGMIND_RESULT_HOSTS,
      statusCodes: { 406: 'no_credits' }
    },
    upstreamDeps(config)
  )
  const client = createSegmindClient({
    upstream,
    apiUrl,
    key: config.key,
    ...(config.callTimeoutMs ? { timeoutMs: config.callTimeoutMs } : {})
  })
  const random = config.random ?? Math.random

  return {
    name: 'segmind',
    kind: 'sync',
    async run(input, ctx) {
      const { params } = input
      const { width, height } = input.image
      const seed = params.seed ?? drawSeed(random)
      const image = await subjectDataUri(input)
      const images = []
      for (let n = 0; n < params.numImages; n++) {
        ctx.signal.throwIfAborted()
        const body = mapSegmindInput({
          params,
          size: { width, height },
          seed: (seed + n) % SEED_SPACE,
          images: { image }
        })
        const answer = await client.run(body, ctx.signal)
        images.push(providerImage(upstream, answer.bytes))
        const credits =
          answer.remainingCredits !== undefined ? ` (${answer.remainingCredits} credits left)` : ''
        ctx.report({
          progress: (n + 1) / params.numImages,
          log: `Segmind: image ${n + 1} of ${params.numImages} done${credits}`
        })
      }
      return { images, seed }
    }
  }
}

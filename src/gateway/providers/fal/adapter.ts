/**
 * The fal adapter: one factory for fal's three relighting routes, over fal's queue. iclight-v2 gets the
 * subject on gray plus the mask; LCM and LoRA start from the Studio-lit layer. Results are downloaded
 * from fal's CDN only, cut out when asked, and fal's reported seed is passed back.
 */
import type { ModelEntry } from '../../../protocol/catalog.js'
import type { AdapterDeps } from '../../upstream/adapter-deps.js'
import { upstreamDeps } from '../../upstream/adapter-deps.js'
import { downloadImage } from '../../upstream/download.js'
import { FAL_RESULT_HOSTS } from '../../upstream/hosts.js'
import { createUpstream } from '../../upstream/http.js'
import type { AsyncProvider, ProviderInput, ProviderState } from '../contract.js'
import {
  backgroundDataUri,
  drawSeed,
  maskDataUri,
  providerImage,
  studioLitDataUri,
  subjectDataUri
} from '../provider-images.js'
import type { ProviderImages, RelightInput } from '../relight-input.js'
import { FAL_ICLIGHT_APP, mapIclightInput } from './map-iclight.js'
import { FAL_LCM_APP, mapLcmInput } from './map-lcm.js'
import { DEFAULT_LORA_SETTINGS, FAL_LORA_APP, type FalLoraSettings, mapLoraInput } from './map-lora.js'
import { createFalQueue } from './queue.js'

export const FAL_QUEUE_URL = 'https://queue.fal.run'
/** fal's own client polls every 500 ms; a relight takes seconds, so once a second is plenty. */
export const FAL_POLL_INTERVAL_MS = 1000

export interface FalAdapterConfig extends AdapterDeps {
  readonly key: string
  readonly queueUrl?: string
  readonly pollIntervalMs?: number
  /** The admin's IC-Light setup for fal/lora-image-to-image. */
  readonly lora?: Partial<FalLoraSettings>
}

interface Route {
  readonly app: string
  images(input: ProviderInput): Promise<ProviderImages>
  body(input: RelightInput): unknown
}

export function createFalAdapter(config: FalAdapterConfig): AsyncProvider {
  const queueUrl = config.queueUrl ?? FAL_QUEUE_URL
  const upstream = createUpstream(
    {
      provider: 'fal',
      label: 'fal.ai',
      keyEnv: 'FAL_KEY',
      baseUrl: queueUrl,
      secrets: [config.key],
      hosts: FAL_RESULT_HOSTS
    },
    upstreamDeps(config)
  )
  const queue = createFalQueue({ upstream, queueUrl, key: config.key })
  const lora: FalLoraSettings = { ...DEFAULT_LORA_SETTINGS, ...config.lora }
  const random = config.random ?? Math.random

  const routes: Record<string, Route> = {
    'fal/iclight-v2': {
      app: FAL_ICLIGHT_APP,
      images: async (input) => ({
        image: await subjectDataUri(input),
        ...(input.params.maskMode === 'auto'
          ? {}
          : { mask: await maskDataUri(input.mask, input.image.width, input.image.height) })
      }),
      body: mapIclightInput
    },
    'fal/lcm-sd15-i2i': {
      app: FAL_LCM_APP,
      images: async (input) => {
        const init = await studioLitDataUri(input)
        return { image: init, init }
      },
      body: mapLcmInput
    },
    'fal/lora-image-to-image': {
      app: FAL_LORA_APP,
      images: async (input) => {
        const background = await backgroundDataUri(input)
        return {
          image: await subjectDataUri(input),
          init: await studioLitDataUri(input),
          ...(background ? { background } : {})
        }
      },
      body: (input) => mapLoraInput(input, lora)
    }
  }

  const routeOf = (model: ModelEntry): Route => {
    const route = routes[model.id]
    if (!route) throw new Error(`the fal adapter does not serve ${model.id}`)
    return route
  }

  return {
    name: 'fal',
    kind: 'async',
    pollIntervalMs: config.pollIntervalMs ?? FAL_POLL_INTERVAL_MS,

    async submit(input, ctx) {
      const route = routeOf(input.model)
      const images = await route.images(input)
      const { width, height } = input.image
      const seed = input.params.seed ?? drawSeed(random)
      const body = route.body({ params: input.params, size: { width, height }, seed, images })
      return queue.submit(route.app, body, ctx.signal)
    },

    async status(requestId, model, ctx): Promise<ProviderState> {
      const state = await queue.status(routeOf(model).app, requestId, ctx.signal)
      if (state.state === 'queued') {
        // fal counts from 0 (next up); jobs count from 1.
        return {
          state: 'queued',
          ...(state.position !== undefined ? { queuePosition: state.position + 1 } : {})
        }
      }
      if (state.state === 'running') {
        return {
          state: 'running',
          logs: state.logs,
          ...(state.progress !== undefined ? { progress: state.progress } : {})
        }
      }
      if (state.error) {
        return {
          state: 'failed',
          error: { code: 'provider_failed', message: `fal.ai could not relight this image: ${state.error}` }
        }
      }
      return { state: 'succeeded', logs: state.logs }
    },

    async result(requestId, input, ctx) {
      const output = await queue.result(routeOf(input.model).app, requestId, ctx.signal)
      if (output.images.length === 0) throw upstream.error('bad_response', { detail: 'no images', requestId })
      const images = []
      for (const image of output.images) {
        const downloaded = await downloadImage(upstream, image.url, {
          requestId,
          signal: ctx.signal,
          ...(config.maxDownloadBytes ? { maxBytes: config.maxDownloadBytes } : {})
        })
        images.push(providerImage(upstream, downloaded.bytes, requestId))
      }
      return { images, ...(typeof output.seed === 'number' ? { seed: output.seed } : {}) }
    },

    async cancel(requestId, model) {
      await queue.cancel(routeOf(model).app, requestId)
    }
  }
}

/**
 * Which provider serves which model, and so which catalog models are available: a model is available
 * when its provider's adapter is registered and its key (the catalog's `keyEnv`) is configured.
 */
import type { ModelListView, ModelView } from '../../protocol/api.js'
import { DEFAULT_MODEL_ID, type ModelEntry, MODELS, type ProviderName } from '../../protocol/catalog.js'
import { FAL_LORA_I2I } from '../../protocol/models/fal.js'
import type { GatewayConfig } from '../env.js'
import type { Provider } from './contract.js'
import { createFalAdapter } from './fal/adapter.js'
import { createReplicateAdapter } from './replicate/adapter.js'
import { createSegmindAdapter } from './segmind/adapter.js'
import { createStudioAdapter } from './studio.js'

export type Resolved = { readonly provider: Provider } | { readonly reason: string }

export interface ProviderRegistry {
  resolve(model: ModelEntry): Resolved
  /** Whether `model` takes a background file on this gateway (the catalog's `acceptsBackground`). */
  acceptsBackground(model: ModelEntry): boolean
  models(): ModelListView
}

export type ProviderSet = Partial<Record<ProviderName, Provider>>

/** The adapters this gateway has; a new provider's adapter is added here, from its own factory. */
export function defaultProviders(config: GatewayConfig): ProviderSet {
  const { keys, providerUrls } = config
  return {
    local: createStudioAdapter(),
    ...(keys.FAL_KEY
      ? { fal: createFalAdapter({ key: keys.FAL_KEY, queueUrl: providerUrls.fal, lora: config.falLora }) }
      : {}),
    ...(keys.REPLICATE_API_TOKEN
      ? {
          replicate: createReplicateAdapter({
            token: keys.REPLICATE_API_TOKEN,
            apiUrl: providerUrls.replicate
          })
        }
      : {}),
    ...(keys.SEGMIND_API_KEY
      ? { segmind: createSegmindAdapter({ key: keys.SEGMIND_API_KEY, apiUrl: providerUrls.segmind }) }
      : {})
  }
}

export function createProviderRegistry(config: GatewayConfig, providers: ProviderSet): ProviderRegistry {
  const resolve = (model: ModelEntry): Resolved => {
    if (model.keyEnv && !config.keys[model.keyEnv]) {
      return {
        reason: `${model.keyEnv} is not set on the gateway. Ask your admin to add it, or pick another model.`
      }
    }
    const provider = providers[model.provider]
    if (!provider) {
      return { reason: `This gateway has no ${model.provider} adapter yet. Pick another model.` }
    }
    return { provider }
  }
  const acceptsBackground = (model: ModelEntry): boolean =>
    model.provider === 'local' ||
    (model.id === FAL_LORA_I2I.id && config.falLora.backgroundWeightsUrl !== undefined)
  return {
    resolve,
    acceptsBackground,
    models(): ModelListView {
      const models = MODELS.map((model): ModelView => {
        const resolved = resolve(model)
        const background = acceptsBackground(model) ? { acceptsBackground: true } : {}
        return 'reason' in resolved
          ? { ...model, ...background, available: false, unavailableReason: resolved.reason }
          : { ...model, ...background, available: true }
      })
      return { models, defaultModel: DEFAULT_MODEL_ID }
    }
  }
}

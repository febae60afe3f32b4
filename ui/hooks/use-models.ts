import { useEffect, useState } from 'preact/hooks'

import type { ModelView } from '../../src/protocol/api.js'
import { DEFAULT_MODEL_ID, MODELS } from '../../src/protocol/catalog.js'
import type { GatewayClient } from '../../src/protocol/client.js'
import { describeError } from '../lib/describe-error.js'

export interface ModelsState {
  readonly models: readonly ModelView[]
  readonly defaultModel: string
  /** True once the gateway answered; until then the built-in catalog stands in. */
  readonly fromGateway: boolean
  readonly error?: string
}

const FALLBACK: ModelsState = {
  models: MODELS.map((model) => ({ ...model, available: true })),
  defaultModel: DEFAULT_MODEL_ID,
  fromGateway: false
}

/**
 * GET /v1/models for the current client, after the gateway URL and token have stopped changing. Nothing is
 * fetched while `enabled` is false (an address Settings refused is never requested).
 */
export function useModels(client: GatewayClient, reloadKey = 0, enabled = true): ModelsState {
  const [state, setState] = useState<ModelsState>(FALLBACK)
  useEffect(() => {
    let live = true
    // A new address or token: the old one's error no longer applies.
    setState((current) => (current.error === undefined ? current : { ...current, error: undefined }))
    if (!enabled) return
    const timer = setTimeout(() => {
      client.models().then(
        (list) =>
          live && setState({ models: list.models, defaultModel: list.defaultModel, fromGateway: true }),
        (error: unknown) => live && setState({ ...FALLBACK, error: describeError(error) })
      )
    }, 300)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [client, reloadKey, enabled])
  return state
}

import { ApiError } from '../../src/protocol/api-error.js'

/**
 * What a run's error is about, so its banner can go once that is fixed: the prompt the gateway refused,
 * the layers that were being relit, or the connection (cleared when the gateway URL or token change).
 */
export type RunErrorCause =
  | { readonly kind: 'prompt'; readonly prompt: string }
  | { readonly kind: 'layers'; readonly layerIds: readonly string[] }
  | { readonly kind: 'connection' }

/** The gateway's own error under any wrapping that added a layer's name. */
function apiErrorOf(reason: unknown): ApiError | undefined {
  for (let error = reason, depth = 0; error instanceof Error && depth < 5; depth++) {
    if (error instanceof ApiError) return error
    error = error.cause
  }
  return undefined
}

function kindOf(reason: unknown): RunErrorCause['kind'] {
  const api = apiErrorOf(reason)
  if (api === undefined) return 'layers'
  const hint = api.hint
  if (api.field === 'prompt' || (hint?.kind === 'field' && hint.field === 'prompt')) return 'prompt'
  // Status 0: the gateway never answered (unreachable, timed out).
  if (api.status === 0 || hint?.kind === 'token' || hint?.kind === 'url') return 'connection'
  return 'layers'
}

/** The cause of a run's errors; mixed causes count as the connection, which only a new run or Settings clears. */
export function runErrorCause(
  reasons: readonly unknown[],
  run: { readonly prompt: string; readonly layerIds: readonly string[] }
): RunErrorCause {
  const kinds = new Set(reasons.map(kindOf))
  const [kind] = kinds
  if (kinds.size !== 1 || kind === 'connection') return { kind: 'connection' }
  return kind === 'prompt'
    ? { kind: 'prompt', prompt: run.prompt }
    : { kind: 'layers', layerIds: run.layerIds }
}

/** Whether the prompt in the form is no longer the one the gateway refused. */
export function promptChanged(cause: RunErrorCause | undefined, prompt: string): boolean {
  return cause?.kind === 'prompt' && prompt.trim() !== cause.prompt
}

/**
 * Whether the designer chose other layers than the run's. The run's own results, selected when it placed
 * them (each stands for a layer the run relit), are no new choice: the run's error must stay in view then.
 */
export function selectionChanged(
  cause: RunErrorCause | undefined,
  layers: readonly { readonly id: string; readonly fromResults?: number }[]
): boolean {
  if (cause?.kind !== 'layers') return false
  const relit = new Set(cause.layerIds)
  if (layers.length > 0 && layers.every((layer) => layer.fromResults !== undefined && relit.has(layer.id))) {
    return false
  }
  return layers.length !== relit.size || layers.some((layer) => !relit.has(layer.id))
}

import type { ModelView } from '../../src/protocol/api.js'

/** The designer's model if it can be used, else the gateway's default, else the first available one. */
export function pickModel(
  models: readonly ModelView[],
  wanted: string,
  fallback: string
): ModelView | undefined {
  const usable = (id: string) => models.find((model) => model.id === id && model.available)
  return usable(wanted) ?? usable(fallback) ?? models.find((model) => model.available) ?? models[0]
}

import type { RecalledSettings } from '../protocol/events.js'
import { LIGHT_SOURCES, MASK_MODES } from '../protocol/options.js'
import { readRelitLayerData } from './relit-layer-data.js'

/**
 * The settings the first Relight result among `nodes` was made with, read from its plugin data. Data of
 * the wrong shape (another plugin version, a hand edit) is ignored field by field, never trusted.
 */
export function recallSettings(nodes: readonly SceneNode[]): RecalledSettings | undefined {
  for (const node of nodes) {
    const data = readRelitLayerData(node)
    if (data === undefined || typeof data.model !== 'string' || typeof data.prompt !== 'string') continue
    const light = LIGHT_SOURCES.find((source) => source === data.lightSource) ?? 'none'
    const mask = MASK_MODES.find((mode) => mode === data.maskMode)
    return {
      layerId: node.id,
      layerName: node.name,
      model: data.model,
      prompt: data.prompt,
      lightSource: light,
      seed: typeof data.seed === 'number' && Number.isInteger(data.seed) ? data.seed : null,
      ...(mask !== undefined ? { maskMode: mask } : {})
    }
  }
  return undefined
}

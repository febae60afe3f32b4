import type { InsertedParams, RelitLayerData } from '../protocol/events.js'

export const PLUGIN_DATA_KEY = 'relight'

/** The plugin data of the `variation`-th image of a job: its own seed is the job's seed + the index. */
export function relitLayerData(params: InsertedParams, sourceId: string, variation: number): string {
  const data: RelitLayerData = {
    ...params,
    seed: params.seed === null ? null : params.seed + variation,
    sourceId,
    variation
  }
  return JSON.stringify(data)
}

/** The source layer id recorded on a Relight result, or undefined for any other layer. */
export function recordedSourceId(node: BaseNode): string | undefined {
  if (!('getPluginData' in node)) return undefined
  try {
    const data = JSON.parse(node.getPluginData(PLUGIN_DATA_KEY) || 'null') as Partial<RelitLayerData> | null
    return typeof data?.sourceId === 'string' && data.sourceId !== '' ? data.sourceId : undefined
  } catch {
    return undefined
  }
}

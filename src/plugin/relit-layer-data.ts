import type { InsertedParams, RelitLayerData } from '../protocol/events.js'

export const PLUGIN_DATA_KEY = 'relight'

/** The plugin data of the `variation`-th image of a job: its own seed is the job's seed + the index. */
export function relitLayerData(
  params: InsertedParams,
  sourceId: string,
  variation: number,
  provenance: {
    readonly fileId: string
    readonly sourceMark: string
    readonly sourceName?: string
  } = { fileId: '', sourceMark: '' }
): string {
  const data: RelitLayerData = {
    ...params,
    seed: params.seed === null ? null : params.seed + variation,
    sourceId,
    variation,
    ...(provenance.fileId !== '' ? { fileId: provenance.fileId } : {}),
    ...(provenance.sourceMark !== '' ? { sourceMark: provenance.sourceMark } : {}),
    ...(provenance.sourceName !== undefined ? { sourceName: provenance.sourceName } : {})
  }
  return JSON.stringify(data)
}

/** Everything a Relight result recorded about how it was made, or undefined for any other layer. */
export function readRelitLayerData(node: BaseNode): Partial<RelitLayerData> | undefined {
  if (!('getPluginData' in node)) return undefined
  try {
    const data = JSON.parse(node.getPluginData(PLUGIN_DATA_KEY) || 'null') as unknown
    return typeof data === 'object' && data !== null ? (data as Partial<RelitLayerData>) : undefined
  } catch {
    return undefined
  }
}

/** The name of the layer a Relight result was made from, when it recorded one. */
export function recordedSourceName(node: BaseNode): string | undefined {
  const name = readRelitLayerData(node)?.sourceName
  return typeof name === 'string' && name !== '' ? name : undefined
}

export interface RecordedSource {
  readonly sourceId: string
  readonly fileId?: string
  readonly sourceMark?: string
}

/** The source a Relight result recorded, or undefined for any other layer. */
export function recordedSource(node: BaseNode): RecordedSource | undefined {
  if (!('getPluginData' in node)) return undefined
  try {
    const data = JSON.parse(node.getPluginData(PLUGIN_DATA_KEY) || 'null') as Partial<RelitLayerData> | null
    if (typeof data?.sourceId !== 'string' || data.sourceId === '') return undefined
    return {
      sourceId: data.sourceId,
      ...(typeof data.fileId === 'string' ? { fileId: data.fileId } : {}),
      ...(typeof data.sourceMark === 'string' ? { sourceMark: data.sourceMark } : {})
    }
  } catch {
    return undefined
  }
}

/** The source layer id recorded on a Relight result, or undefined for any other layer. */
export function recordedSourceId(node: BaseNode): string | undefined {
  return recordedSource(node)?.sourceId
}

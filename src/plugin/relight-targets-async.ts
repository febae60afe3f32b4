import { isExportable } from './is-exportable.js'
import { isRecordedSource } from './provenance.js'
import { recordedSource } from './relit-layer-data.js'

export interface RelightTarget {
  readonly node: SceneNode & ExportMixin & LayoutMixin
  /** How many selected Relight results this source stands for; 0 for a layer selected itself. */
  readonly fromResults: number
}

/**
 * What to relight for the selected layers: a Relight result whose source layer still exists (and can be
 * exported) is replaced by that source, so pressing Relight again right after a run relights the original,
 * not its copies; each layer appears once, in selection order. A result whose source is gone, or cannot be
 * proven to be the same layer in this file (a result pasted from another file), is relit as itself.
 */
export async function relightTargetsAsync(
  nodes: readonly (SceneNode & ExportMixin & LayoutMixin)[]
): Promise<RelightTarget[]> {
  const targets = new Map<string, { node: SceneNode & ExportMixin & LayoutMixin; fromResults: number }>()
  for (const node of nodes) {
    const source = await sourceOfAsync(node)
    const target = source ?? node
    const entry = targets.get(target.id) ?? { node: target, fromResults: 0 }
    if (source !== undefined) entry.fromResults++
    targets.set(target.id, entry)
  }
  return [...targets.values()]
}

async function sourceOfAsync(node: SceneNode): Promise<(SceneNode & ExportMixin & LayoutMixin) | undefined> {
  const recorded = recordedSource(node)
  if (recorded === undefined || recorded.sourceId === node.id) return undefined
  const source = await figma.getNodeByIdAsync(recorded.sourceId)
  if (source === null || !('visible' in source) || source.removed || !isExportable(source)) return undefined
  return isRecordedSource(source, recorded) ? source : undefined
}

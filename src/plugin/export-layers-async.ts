import type { SizeSpec } from '../protocol/catalog.js'
import type { ExportedLayer, ExportResult } from '../protocol/events.js'
import { exportConstraint, workingSize } from '../protocol/size.js'
import { isExportable } from './is-exportable.js'

/** figma.createImage rejects larger images, so nothing we export may exceed it either. */
const FIGMA_IMAGE_MAX = 4096

/** Exports each layer as PNG at the model's working size: the long side at the model's size, never bigger. */
export async function exportLayersAsync(ids: readonly string[], spec: SizeSpec): Promise<ExportResult> {
  const layers: ExportedLayer[] = []
  for (const id of ids) {
    const node = await figma.getNodeByIdAsync(id)
    if (node === null || !('visible' in node) || !isExportable(node)) {
      return { error: 'A selected layer is gone or hidden. Select the layers again and press Relight.' }
    }
    const layer = { width: node.width, height: node.height }
    const working = workingSize(layer, spec)
    const constraint = exportConstraint(layer, working)
    const value = Math.min(constraint.value, FIGMA_IMAGE_MAX)
    try {
      const bytes = await node.exportAsync({ format: 'PNG', constraint: { type: constraint.type, value } })
      const scale = value / (constraint.type === 'WIDTH' ? layer.width : layer.height)
      layers.push({
        id: node.id,
        name: node.name,
        bytes,
        width: Math.max(1, Math.round(layer.width * scale)),
        height: Math.max(1, Math.round(layer.height * scale)),
        layerWidth: layer.width,
        layerHeight: layer.height
      })
    } catch (error) {
      return {
        error: `Figma could not export “${node.name}”: ${error instanceof Error ? error.message : String(error)}`
      }
    }
  }
  return { layers }
}

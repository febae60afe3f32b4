import type { SizeSpec } from '../protocol/catalog.js'
import type { ExportedLayer, ExportOptions, ExportResult } from '../protocol/events.js'
import { exportConstraint, workingSize } from '../protocol/size.js'
import { exportBackgroundAsync } from './export-background-async.js'
import { exportMaskAsync } from './export-mask-async.js'
import { maskLayerFor } from './find-mask-layer.js'
import { isExportable } from './is-exportable.js'
import { renderedBox } from './rendered-box.js'

/** figma.createImage rejects larger images, so nothing we export may exceed it either. */
const FIGMA_IMAGE_MAX = 4096

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Exports each layer as PNG at the model's working size: the long side at the model's size, never bigger.
 * The image covers what the layer renders (rotation and shadows included, as exportAsync does), so sizes are
 * measured on that box. With `options.masks`, a layer's mask layer is exported over the same box too.
 */
export async function exportLayersAsync(
  ids: readonly string[],
  spec: SizeSpec,
  options: ExportOptions = {}
): Promise<ExportResult> {
  const layers: ExportedLayer[] = []
  for (const id of ids) {
    const node = await figma.getNodeByIdAsync(id)
    if (node === null || !('visible' in node) || !isExportable(node)) {
      return { error: 'A selected layer is gone or hidden. Select the layers again and press Relight.' }
    }
    const box = renderedBox(node)
    const layer = { width: box.width, height: box.height }
    const working = workingSize(layer, spec)
    const constraint = exportConstraint(layer, working)
    const value = Math.min(constraint.value, FIGMA_IMAGE_MAX)
    const scale = value / (constraint.type === 'WIDTH' ? layer.width : layer.height)
    let bytes: Uint8Array
    try {
      bytes = await node.exportAsync({ format: 'PNG', constraint: { type: constraint.type, value } })
    } catch (error) {
      return { error: `Figma could not export “${node.name}”: ${reasonOf(error)}` }
    }
    let mask: ExportedLayer['mask']
    if (options.masks === true) {
      const maskNode = maskLayerFor(node, figma.currentPage.selection)
      if (maskNode === undefined) {
        return {
          error: `“${node.name}” has no mask layer. Select it with its mask, or name a layer next to it “${node.name} mask”.`
        }
      }
      try {
        const maskBytes = await exportMaskAsync(node, maskNode, { type: constraint.type, value })
        mask = { bytes: maskBytes, layerName: maskNode.name }
      } catch (error) {
        return {
          error: `Figma could not export the mask “${maskNode.name}” of “${node.name}”: ${reasonOf(error)}`
        }
      }
    }
    let background: ExportedLayer['background']
    if (options.background !== undefined) {
      try {
        const exported = await exportBackgroundAsync(node, options.background)
        if ('error' in exported) return exported
        background = exported
      } catch (error) {
        return { error: `Figma could not export the background of “${node.name}”: ${reasonOf(error)}` }
      }
    }
    layers.push({
      id: node.id,
      name: node.name,
      bytes,
      width: Math.max(1, Math.round(layer.width * scale)),
      height: Math.max(1, Math.round(layer.height * scale)),
      layerWidth: layer.width,
      layerHeight: layer.height,
      ...(mask !== undefined ? { mask } : {}),
      ...(background !== undefined ? { background } : {})
    })
  }
  return { layers }
}

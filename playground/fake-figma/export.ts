/**
 * node.exportAsync without the DOM: the settings are checked and the image covers the node's
 * absoluteRenderBounds ("accounting for drop shadows, thick strokes, and anything else that may fall outside
 * the node's regular bounding box", plugin-api.d.ts LayoutMixin.absoluteRenderBounds): a rotated layer
 * exports its upright bounding box, a shadow widens it. The constraint applies to that box. Pixels come
 * from a renderer: the playground draws with a canvas, Node hosts get a flat PNG of the right size.
 */
import type { SceneNode } from './nodes.js'
import { encodePng } from './png-encode.js'
import type { Rect } from './transform.js'

export interface ExportJob {
  readonly format: 'PNG' | 'JPG'
  /** The absolute box the image covers. */
  readonly bounds: Rect
  /** Pixel size of the image. */
  readonly width: number
  readonly height: number
}

export type ExportRenderer = (node: SceneNode, job: ExportJob) => Promise<Uint8Array>

/** A flat mid-grey PNG at the job's size, for hosts that do not draw. */
export const flatPngRenderer: ExportRenderer = async (_node, job) => {
  if (job.format !== 'PNG') throw new Error('in exportAsync: This host exports PNG only')
  const rgba = new Uint8Array(job.width * job.height * 4)
  for (let i = 0; i < rgba.length; i += 4) rgba.set([128, 128, 128, 255], i)
  return encodePng(job.width, job.height, rgba)
}

export function exportJob(node: SceneNode, settings: unknown): ExportJob {
  const s = (settings ?? {}) as { format?: unknown; constraint?: { type?: unknown; value?: unknown } }
  const format = s.format ?? 'PNG'
  if (format !== 'PNG' && format !== 'JPG') {
    throw new Error(`in exportAsync: This host exports PNG and JPG only, not ${String(format)}`)
  }
  const bounds = node.absoluteRenderBounds
  if (bounds === null || bounds.width <= 0 || bounds.height <= 0) {
    throw new Error('in exportAsync: The node is invisible or empty and has nothing to export')
  }
  const constraint = s.constraint ?? { type: 'SCALE', value: 1 }
  const value = constraint.value
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error('in exportAsync: Expected constraint.value to be a positive number')
  }
  let scale: number
  switch (constraint.type) {
    case 'SCALE':
      scale = value
      break
    case 'WIDTH':
      scale = value / bounds.width
      break
    case 'HEIGHT':
      scale = value / bounds.height
      break
    default:
      throw new Error(`in exportAsync: Unknown constraint type ${String(constraint.type)}`)
  }
  return {
    format,
    bounds,
    width: Math.max(1, Math.round(bounds.width * scale)),
    height: Math.max(1, Math.round(bounds.height * scale))
  }
}

export async function exportNodeAsync(
  node: SceneNode,
  settings: unknown,
  renderer: ExportRenderer
): Promise<Uint8Array> {
  return renderer(node, exportJob(node, settings))
}

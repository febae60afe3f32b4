/** Working-size math shared by the plugin (what to export) and the gateway (what to send a model). */
import type { SizeSpec } from './catalog.js'

export interface Size {
  readonly width: number
  readonly height: number
}

/** Rounds a side to the model's multiple, kept within its range. */
export function snap(value: number, spec: SizeSpec): number {
  const snapped = Math.round(value / spec.multiple) * spec.multiple
  return Math.min(spec.max, Math.max(spec.min, snapped))
}

/**
 * The size a model should work at for an image of `source` size: the same aspect ratio, the long side at
 * the model's default (or the source's own long side when the model does not upscale), both sides snapped
 * to the model's multiple and range.
 */
export function workingSize(source: Size, spec: SizeSpec): Size {
  const width = Math.max(1, source.width)
  const height = Math.max(1, source.height)
  const long = Math.max(width, height)
  const target = spec.upscale ? spec.defaultLongSide : Math.min(long, spec.defaultLongSide)
  const scale = target / long
  return { width: snap(width * scale, spec), height: snap(height * scale, spec) }
}

/** The export constraint that yields `working` from a layer of `layer` size without exporting bigger. */
export function exportConstraint(
  layer: Size,
  working: Size
): { readonly type: 'WIDTH' | 'HEIGHT'; readonly value: number } {
  return layer.width >= layer.height
    ? { type: 'WIDTH', value: working.width }
    : { type: 'HEIGHT', value: working.height }
}

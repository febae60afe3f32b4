import { MAX_LAYERS } from '../protocol/events.js'

/**
 * What to tell the designer about the selection, or undefined when every selected layer will be used.
 * `targets`: the layers that will be relit once selected results stand for their sources (at most
 * `exportable`).
 */
export function selectionMessage(
  selected: number,
  exportable: number,
  targets = exportable
): string | undefined {
  if (selected === 0) return 'Select a layer to relight: a photo, a product cut-out or a frame.'
  if (exportable === 0) {
    return selected === 1
      ? "The selected layer can't be relit: it is hidden, empty or a slice. Select a visible layer."
      : 'None of the selected layers can be relit: they are hidden, empty or slices. Select a visible layer.'
  }
  if (targets > MAX_LAYERS)
    return `Relight takes up to ${MAX_LAYERS} layers at a time; it will use the first ${MAX_LAYERS}.`
  const skipped = selected - exportable
  if (skipped > 0) {
    return `${skipped} of the selected layers can't be relit (hidden, empty or slices) and will be skipped.`
  }
  return undefined
}

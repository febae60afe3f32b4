import type { SelectionState } from '../protocol/events.js'
import { readSelectionAsync } from './read-selection-async.js'

/**
 * Sends the selection to the UI once it is ready and on every change after. Exporting thumbnails takes time,
 * so an answer that a newer change has overtaken is dropped rather than shown late.
 */
export function createSelectionReporter(send: (selection: SelectionState) => void): {
  readonly readyAsync: () => Promise<void>
  readonly changedAsync: () => Promise<void>
} {
  let ready = false
  let latest = 0
  async function changedAsync(): Promise<void> {
    if (!ready) return
    const mine = ++latest
    const selection = await readSelectionAsync(figma.currentPage.selection)
    if (mine === latest) send(selection)
  }
  async function readyAsync(): Promise<void> {
    ready = true
    await changedAsync()
  }
  return { readyAsync, changedAsync }
}

/**
 * Whether a Relight result's recorded source can be trusted. Node ids only mean something within their file,
 * and a layer pasted into another file keeps its plugin data, so its source id may name an unrelated layer
 * there. figma.fileKey is only given to private plugins, so each file gets its own random marker (in the
 * document's plugin data) and each source layer its own random mark: a result is trusted only when it was
 * made in this file and the layer under its source id still carries the mark it recorded.
 */
export const FILE_MARKER_KEY = 'relight-file'
export const SOURCE_MARK_KEY = 'relight-source-mark'

function randomId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`
}

/** This file's marker, or '' when none was made yet (reading never writes to the document). */
export function readFileMarker(): string {
  return figma.root.getPluginData(FILE_MARKER_KEY)
}

/** This file's marker, made on first use (when results are placed). */
export function fileMarker(): string {
  const existing = readFileMarker()
  if (existing !== '') return existing
  const made = randomId()
  figma.root.setPluginData(FILE_MARKER_KEY, made)
  return made
}

/** The source layer's mark, made on first use; '' where Figma keeps no plugin data on the layer. */
export function sourceMark(node: BaseNode): string {
  try {
    const existing = node.getPluginData(SOURCE_MARK_KEY)
    if (existing !== '') return existing
    const made = randomId()
    node.setPluginData(SOURCE_MARK_KEY, made)
    return made
  } catch {
    return ''
  }
}

/** Whether `node` is the layer a result recorded as its source (same file, same mark). */
export function isRecordedSource(
  node: BaseNode,
  recorded: { fileId?: string; sourceMark?: string }
): boolean {
  const file = readFileMarker()
  if (file === '' || recorded.fileId !== file) return false
  if (recorded.sourceMark === undefined || recorded.sourceMark === '') return false
  return node.getPluginData(SOURCE_MARK_KEY) === recorded.sourceMark
}

/**
 * Runs a built plugin unmodified. Figma gives the main code a `figma` global and `__html__` (the text of the
 * manifest's "ui" file — build/ui.js — which create-figma-plugin's showUI wraps in a <script>), and no
 * browser globals: the main thread has no window or document, and create-figma-plugin's `emit`/`on` decide
 * which side they are on by `typeof window === 'undefined'`. So the code runs in a function whose
 * parameters shadow the page's DOM globals.
 */
import type { DocumentModel } from './document.js'
import { createFigma, type EditorHost, type FigmaRuntime, type Manifest } from './figma.js'

const HIDDEN_GLOBALS = [
  'window',
  'self',
  'document',
  'parent',
  'top',
  'frames',
  'localStorage',
  'XMLHttpRequest'
]

export interface PluginSource {
  readonly manifest: Manifest
  readonly mainJs: string
  readonly uiJs: string | null
}

export function runPlugin(
  model: DocumentModel,
  host: EditorHost,
  source: PluginSource,
  command = ''
): FigmaRuntime {
  const runtime = createFigma(model, host, source.manifest, command)
  const names = ['figma', '__html__', ...HIDDEN_GLOBALS]
  const values: unknown[] = [runtime.figma, source.uiJs ?? undefined, ...HIDDEN_GLOBALS.map(() => undefined)]
  // sourceURL names the code in stack traces and the devtools as the built file it is.
  const code = `${source.mainJs}\n//# sourceURL=plugin/build/main.js`
  const main = new Function(...names, code) as (...args: unknown[]) => void
  main(...values)
  runtime.started()
  return runtime
}

export async function fetchPluginSource(base: string): Promise<PluginSource> {
  const get = async (path: string) => {
    const response = await fetch(new URL(path, base))
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.text()
  }
  const manifest = JSON.parse(await get('manifest.json')) as Manifest & { ui?: unknown }
  const [mainJs, uiJs] = await Promise.all([
    get('build/main.js'),
    manifest.ui === undefined ? null : get('build/ui.js')
  ])
  return { manifest, mainJs, uiJs }
}

/**
 * The settings travel to the UI inside an inline <script>: any saved text must come through unchanged and
 * must not end the script early (a prompt with "</script>" broke the plugin window on every later open).
 */
import { describe, expect, it } from 'vitest'

import { SETTINGS_KEY } from '../../src/plugin/default-settings.js'
import { createFakeFigma, installFigma } from './fake-figma.js'

const figma = createFakeFigma()
installFigma(figma)
;(globalThis as { __html__?: string }).__html__ = 'window.__ui_loaded__ = true'
const PROMPT = 'neon </script><script>alert(1)</script> <!-- \u2028 “quotes” \\ end'
figma.storage.set(SETTINGS_KEY, { prompt: PROMPT })
const { default: main } = await import('../../src/plugin/main.js')
await main()

describe('initial props in the plugin window', () => {
  it('keep a prompt with </script> inside one script element, and read back unchanged', () => {
    const { html } = figma.showUICalls[0]
    // One script element: the opening tag and exactly one closing tag, at the very end.
    expect(html.match(/<script/gi)).toHaveLength(1)
    expect(html.match(/<\/script/gi)).toHaveLength(1)
    expect(html.endsWith('</script>')).toBe(true)
    // Run the script's code as the iframe would and read the data it defines.
    const code = html.slice(html.indexOf('<script>') + '<script>'.length, -'</script>'.length)
    const run = new Function(
      'document',
      `${code.replace('window.__ui_loaded__ = true', '')}; return [__SHOW_UI_DATA__, __FIGMA_COMMAND__]`
    ) as (document: unknown) => [{ settings: { prompt: string } }, string]
    const [data, command] = run({ body: { classList: { add() {} } } })
    expect(data.settings.prompt).toBe(PROMPT)
    expect(command).toBe('')
  })
})

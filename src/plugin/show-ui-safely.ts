/**
 * create-figma-plugin's showUI, with the initial props made safe for the inline script they travel in.
 * showUI writes `const __SHOW_UI_DATA__=${JSON.stringify(data)}` into a <script> element, so a saved prompt
 * containing "</script>" ended the script early and broke the plugin window on every later open. JSON text
 * has "<" only inside strings, where "\u003c" means the same character, so escaping it (and the two line
 * separators old engines reject) keeps every value intact while no tag can close the script.
 */
declare const __html__: string

export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

export function showUISafely(options: ShowUIOptions, data: unknown): void {
  const command = typeof figma.command === 'string' ? figma.command : ''
  const html =
    `<div id="create-figma-plugin"></div><script>document.body.classList.add('theme-${figma.editorType}');` +
    `const __FIGMA_COMMAND__=${scriptSafeJson(command)};const __SHOW_UI_DATA__=${scriptSafeJson(data)};${__html__}</script>`
  figma.showUI(html, { ...options, themeColors: options.themeColors ?? true })
}

/**
 * A visible focus ring on every control, tab and focusable image when reached by keyboard: the library's
 * own styles show none on several controls (segmented options, tabs, checkboxes).
 */
const CSS = `
:focus-visible { outline: 2px solid var(--figma-color-border-brand-strong, #0d99ff); outline-offset: 1px; }
input[type='radio']:focus-visible + *, input[type='checkbox']:focus-visible + * {
  outline: 2px solid var(--figma-color-border-brand-strong, #0d99ff); outline-offset: 1px;
}
`

export function installFocusStyles(): void {
  if (typeof document === 'undefined' || document.getElementById('relight-focus-styles') !== null) return
  const style = document.createElement('style')
  style.id = 'relight-focus-styles'
  style.textContent = CSS
  document.head.append(style)
}

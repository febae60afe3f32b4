/**
 * The document's language and title (for screen readers), secondary text at 4.5:1 or more in the light
 * theme (Figma's own secondary grey, 50 % black, is about 3.9:1 on white), white on a brand blue dark enough
 * for 4.5:1 (Figma's #0d99ff gives 2.9:1), and a visible focus ring on every control, tab and focusable image when reached by keyboard: the library's
 * own styles show none on several controls (segmented options, tabs, checkboxes).
 */
const CSS = `
html.figma-light { --figma-color-text-secondary: rgba(0, 0, 0, 0.62); }
html.figma-light, html.figma-dark { --figma-color-bg-brand: #0b6fcc; --figma-color-bg-brand-pressed: #095aa6; }
:focus-visible { outline: 2px solid var(--figma-color-border-brand-strong, #0d99ff); outline-offset: 1px; }
input[type='radio']:focus-visible + *, input[type='checkbox']:focus-visible + * {
  outline: 2px solid var(--figma-color-border-brand-strong, #0d99ff); outline-offset: 1px;
}
`

export function installFocusStyles(): void {
  if (typeof document === 'undefined' || document.getElementById('relight-focus-styles') !== null) return
  document.documentElement.lang ||= 'en'
  document.title ||= 'Relight'
  const style = document.createElement('style')
  style.id = 'relight-focus-styles'
  style.textContent = CSS
  document.head.append(style)
}

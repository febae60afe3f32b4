import type { JSX } from 'preact'

const NEXT = ['ArrowRight', 'ArrowDown']
const PREVIOUS = ['ArrowLeft', 'ArrowUp']

/**
 * One Tab stop for a group of buttons, arrows inside it (the ARIA toolbar pattern): put `onKeyDown` on the
 * group and give the current item tabIndex 0, the others -1. Disabled items are skipped.
 */
export function rovingKeyDown(event: JSX.TargetedKeyboardEvent<HTMLElement>): void {
  const keys = [...NEXT, ...PREVIOUS, 'Home', 'End']
  if (!keys.includes(event.key)) return
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-roving]')].filter(
    (item) => item.getAttribute('aria-disabled') !== 'true' && !(item as HTMLButtonElement).disabled
  )
  if (items.length === 0) return
  const at = items.indexOf(document.activeElement as HTMLElement)
  const next =
    event.key === 'Home'
      ? 0
      : event.key === 'End'
        ? items.length - 1
        : (Math.max(0, at) + (NEXT.includes(event.key) ? 1 : -1) + items.length) % items.length
  event.preventDefault()
  for (const item of items) item.tabIndex = -1
  items[next].tabIndex = 0
  items[next].focus()
}

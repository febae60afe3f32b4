import type { RefObject } from 'preact'
import { useEffect } from 'preact/hooks'

/** Space kept between a field scrolled into view and the bar's top edge. */
const GAP_PX = 8

function scrollParent(element: HTMLElement): HTMLElement | undefined {
  for (let parent = element.parentElement; parent !== null; parent = parent.parentElement) {
    if (/(auto|scroll)/.test(getComputedStyle(parent).overflowY)) return parent
  }
  return undefined
}

/**
 * Keeps the scrolling view's scroll-padding-bottom at the sticky bar's current height, so whatever the
 * browser scrolls into view (Tab, `focus()`, `scrollIntoView`) lands clear of the bar. The bar's height
 * changes with its content (an error banner, the progress), hence the observer rather than a constant.
 */
export function useScrollClearance(bar: RefObject<HTMLElement>): void {
  useEffect(() => {
    const element = bar.current
    const view = element === null ? undefined : scrollParent(element)
    if (element === null || view === undefined || typeof ResizeObserver === 'undefined') return
    const previous = view.style.scrollPaddingBottom
    const apply = () => {
      view.style.scrollPaddingBottom = `${element.offsetHeight + GAP_PX}px`
    }
    apply()
    const observer = new ResizeObserver(apply)
    observer.observe(element)
    return () => {
      observer.disconnect()
      view.style.scrollPaddingBottom = previous
    }
  }, [bar])
}

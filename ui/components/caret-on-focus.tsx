import { type ComponentChildren, h } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

/**
 * The kit's TextboxMultiline selects all its text when it gains focus (its onFocus, which the bundle wires to
 * `focusin`), so a click into the prompt would replace it on the next key. This wrapper stops focus events
 * on their way down (capture phase), before they reach the textbox's handler: the caret stays where the
 * designer clicked. Styles (:focus, :focus-within) are unaffected.
 */
export function CaretOnFocus({ children }: { readonly children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const element = ref.current
    if (element === null) return
    const stop = (event: Event) => {
      if (event.target !== element) event.stopPropagation()
    }
    element.addEventListener('focusin', stop, true)
    element.addEventListener('focus', stop, true)
    return () => {
      element.removeEventListener('focusin', stop, true)
      element.removeEventListener('focus', stop, true)
    }
  }, [])
  return <div ref={ref}>{children}</div>
}

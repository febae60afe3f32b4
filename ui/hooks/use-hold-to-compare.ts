import type { JSX } from 'preact'
import { useCallback, useEffect, useState } from 'preact/hooks'

/** The key that shows the originals while held, anywhere outside a text field (as in Lightroom). */
export const COMPARE_KEY = '\\'

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'INPUT')
  )
}

/** True while the compare key is held down in the plugin window. */
export function useCompareKey(): boolean {
  const [held, setHeld] = useState(false)
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (event.key === COMPARE_KEY && !typingIn(event.target)) {
        event.preventDefault()
        setHeld(true)
      }
    }
    const up = (event: KeyboardEvent) => {
      if (event.key === COMPARE_KEY) setHeld(false)
    }
    const blur = () => setHeld(false)
    window.addEventListener('keydown', down)
    window.addEventListener('keyup', up)
    window.addEventListener('blur', blur)
    return () => {
      window.removeEventListener('keydown', down)
      window.removeEventListener('keyup', up)
      window.removeEventListener('blur', blur)
    }
  }, [])
  return held
}

/**
 * Press-and-hold on one image: true while the pointer is down on it (or Space is held while it has focus).
 * Spread `handlers` on the focusable element that shows the image.
 */
export function usePressAndHold(): {
  readonly pressed: boolean
  readonly handlers: Pick<
    JSX.HTMLAttributes<HTMLElement>,
    | 'onPointerDown'
    | 'onPointerUp'
    | 'onPointerLeave'
    | 'onPointerCancel'
    | 'onKeyDown'
    | 'onKeyUp'
    | 'onBlur'
  >
} {
  const [pressed, setPressed] = useState(false)
  const release = useCallback(() => setPressed(false), [])
  return {
    pressed,
    handlers: {
      onPointerDown: (event) => {
        if (event.button === 0) setPressed(true)
      },
      onPointerUp: release,
      onPointerLeave: release,
      onPointerCancel: release,
      onKeyDown: (event) => {
        if (event.key === ' ') {
          event.preventDefault()
          setPressed(true)
        }
      },
      onKeyUp: (event) => {
        if (event.key === ' ') setPressed(false)
      },
      onBlur: release
    }
  }
}

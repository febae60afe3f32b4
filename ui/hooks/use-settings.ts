import { emit } from '@create-figma-plugin/utilities'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

import type { SaveSettingsHandler, Settings } from '../../src/protocol/events.js'

const SAVE_DELAY_MS = 400

/** Settings state; every change is saved to figma.clientStorage by the main thread, debounced. */
export function useSettings(initial: Settings): [Settings, (change: Partial<Settings>) => void] {
  const [settings, setSettings] = useState(initial)
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const timer = setTimeout(() => emit<SaveSettingsHandler>('SAVE_SETTINGS', settings), SAVE_DELAY_MS)
    return () => clearTimeout(timer)
  }, [settings])
  const update = useCallback(
    (change: Partial<Settings>) => setSettings((current) => ({ ...current, ...change })),
    []
  )
  return [settings, update]
}

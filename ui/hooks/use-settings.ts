import { emit } from '@create-figma-plugin/utilities'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

import type { SaveSettingsHandler, Settings } from '../../src/protocol/events.js'

const SAVE_DELAY_MS = 400

/** A change to the settings, or a function of the current settings (for changes nested in a map). */
export type SettingsChange = Partial<Settings> | ((current: Settings) => Partial<Settings>)

/** Settings state; every change is saved to figma.clientStorage by the main thread, debounced. */
export function useSettings(initial: Settings): [Settings, (change: SettingsChange) => void] {
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
    (change: SettingsChange) =>
      setSettings((current) => ({
        ...current,
        ...(typeof change === 'function' ? change(current) : change)
      })),
    []
  )
  return [settings, update]
}

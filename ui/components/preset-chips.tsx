import { h } from 'preact'
import { useState } from 'preact/hooks'

import { rovingKeyDown } from '../hooks/use-roving-focus.js'
import { PRESETS } from '../lib/presets.js'

const CHIP = {
  font: 'inherit',
  fontSize: 11,
  lineHeight: '16px',
  padding: '2px 8px',
  borderRadius: 12,
  border: '1px solid var(--figma-color-border)',
  background: 'var(--figma-color-bg)',
  color: 'var(--figma-color-text)',
  cursor: 'pointer'
} as const

/** Presets above the prompt: one Tab stop, arrows between chips; a chip fills the prompt. */
export function PresetChips({
  prompt,
  disabled,
  onPick
}: {
  readonly prompt: string
  readonly disabled: boolean
  readonly onPick: (prompt: string) => void
}) {
  const [current, setCurrent] = useState(0)
  return (
    <div
      role="toolbar"
      aria-label="Presets"
      onKeyDown={rovingKeyDown}
      style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
    >
      {PRESETS.map((preset, index) => {
        const active = preset.prompt === prompt
        return (
          <button
            key={preset.label}
            type="button"
            data-roving
            tabIndex={index === current ? 0 : -1}
            aria-pressed={active}
            disabled={disabled}
            onFocus={() => setCurrent(index)}
            onClick={() => onPick(preset.prompt)}
            style={{
              ...CHIP,
              ...(active
                ? { background: 'var(--figma-color-bg-brand)', color: 'var(--figma-color-text-onbrand)' }
                : {})
            }}
          >
            {preset.label}
          </button>
        )
      })}
    </div>
  )
}

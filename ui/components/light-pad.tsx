import { Text } from '@create-figma-plugin/ui'
import { h, type JSX } from 'preact'
import { useRef, useState } from 'preact/hooks'

import type { ModelView } from '../../src/protocol/api.js'
import { LIGHT_SOURCE_LABELS, type LightSource } from '../../src/protocol/options.js'

/** Where each light sits on the pad, around the subject; None is the subject itself, in the middle. */
const CELLS: Record<LightSource, { readonly row: number; readonly column: number }> = {
  top: { row: 1, column: 2 },
  left: { row: 2, column: 1 },
  none: { row: 2, column: 2 },
  right: { row: 2, column: 3 },
  bottom: { row: 3, column: 2 }
}

/** Arrow keys move on the pad as it looks: from None, Left goes left; from Left, Right comes back. */
const MOVES: Record<LightSource, Partial<Record<string, LightSource>>> = {
  none: { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'top', ArrowDown: 'bottom' },
  left: { ArrowRight: 'none', ArrowUp: 'top', ArrowDown: 'bottom' },
  right: { ArrowLeft: 'none', ArrowUp: 'top', ArrowDown: 'bottom' },
  top: { ArrowDown: 'none', ArrowLeft: 'left', ArrowRight: 'right' },
  bottom: { ArrowUp: 'none', ArrowLeft: 'left', ArrowRight: 'right' }
}

/** Why the model cannot light from `source`, or undefined when it can. */
export function unsupportedReason(model: ModelView | undefined, source: LightSource): string | undefined {
  if (model === undefined || model.lightSources[source] !== '') return undefined
  return `${model.label} can't light from ${source === 'none' ? 'no direction' : `the ${source}`}.`
}

/**
 * The light's direction as a pad around the subject: a radio group with one Tab stop, arrows moving as the
 * pad looks. Positions the model can't use stay focusable (aria-disabled) so their reason shows on focus.
 */
export function LightPad({
  value,
  model,
  disabled,
  onChange
}: {
  readonly value: LightSource
  readonly model: ModelView | undefined
  readonly disabled: boolean
  readonly onChange: (source: LightSource) => void
}) {
  const buttons = useRef<Partial<Record<LightSource, HTMLButtonElement | null>>>({})
  const [focused, setFocused] = useState<LightSource | undefined>(undefined)
  const choose = (source: LightSource) => {
    buttons.current[source]?.focus()
    if (!disabled && unsupportedReason(model, source) === undefined) onChange(source)
  }
  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    const from = focused ?? value
    const to = MOVES[from][event.key]
    if (to === undefined) return
    event.preventDefault()
    choose(to)
  }
  const reason = focused !== undefined ? unsupportedReason(model, focused) : undefined
  return (
    <div>
      <div
        role="radiogroup"
        aria-label="Light"
        onKeyDown={onKeyDown}
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(3, 64px)',
          gridTemplateRows: 'repeat(3, 24px)',
          gap: 4,
          justifyContent: 'center',
          padding: 4,
          borderRadius: 6,
          background: 'var(--figma-color-bg-secondary)'
        }}
      >
        {(Object.keys(CELLS) as LightSource[]).map((source) => {
          const checked = source === value
          const why = unsupportedReason(model, source)
          const off = disabled || why !== undefined
          return (
            <button
              key={source}
              ref={(element) => {
                buttons.current[source] = element
              }}
              type="button"
              role="radio"
              aria-checked={checked}
              aria-disabled={off}
              tabIndex={checked ? 0 : -1}
              title={why}
              onFocus={() => setFocused(source)}
              onBlur={() => setFocused(undefined)}
              onClick={() => choose(source)}
              style={{
                gridRow: CELLS[source].row,
                gridColumn: CELLS[source].column,
                font: 'inherit',
                fontSize: 11,
                borderRadius: source === 'none' ? 12 : 4,
                border: `1px solid ${checked ? 'var(--figma-color-border-selected)' : 'var(--figma-color-border)'}`,
                background: checked ? 'var(--figma-color-bg-selected)' : 'var(--figma-color-bg)',
                color: off ? 'var(--figma-color-text-disabled)' : 'var(--figma-color-text)',
                cursor: off ? 'not-allowed' : 'pointer'
              }}
            >
              {LIGHT_SOURCE_LABELS[source]}
            </button>
          )
        })}
      </div>
      {reason !== undefined ? (
        <Text style={{ marginTop: 4, color: 'var(--figma-color-text-secondary)' }}>
          <span role="status">{reason}</span>
        </Text>
      ) : null}
    </div>
  )
}

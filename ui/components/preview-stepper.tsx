import { Muted, Text } from '@create-figma-plugin/ui'
import { h } from 'preact'

const STEP_BUTTON = {
  border: '1px solid var(--figma-color-border)',
  borderRadius: 4,
  background: 'var(--figma-color-bg)',
  color: 'var(--figma-color-text)',
  width: 24,
  height: 24,
  padding: 0,
  cursor: 'pointer'
} as const

/**
 * "1 of 3 · Bottle" over the preview when several layers are selected, with buttons that step through them
 * (wrapping round, so neither button is ever disabled and focus never falls off it).
 */
export function PreviewStepper({
  index,
  count,
  name,
  onStep
}: {
  readonly index: number
  readonly count: number
  readonly name: string
  readonly onStep: (index: number) => void
}) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
      <button
        type="button"
        aria-label="Previous layer"
        title="Previous layer"
        style={STEP_BUTTON}
        onClick={() => onStep((index + count - 1) % count)}
      >
        ‹
      </button>
      <Text
        style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
      >
        <span role="status">
          {index + 1} of {count} <Muted>· {name}</Muted>
        </span>
      </Text>
      <button
        type="button"
        aria-label="Next layer"
        title="Next layer"
        style={STEP_BUTTON}
        onClick={() => onStep((index + 1) % count)}
      >
        ›
      </button>
    </div>
  )
}

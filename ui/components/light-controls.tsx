import { Text } from '@create-figma-plugin/ui'
import { h } from 'preact'

import type { ModelChoices } from '../../src/protocol/events.js'
import { type LightControl, type LightOption } from '../lib/light-options.js'

const SECONDARY = { color: 'var(--figma-color-text-secondary)' } as const

/** How a value reads aloud and beside the slider: temperature says which way it leans. */
function valueText(name: LightOption, value: number): string {
  if (name === 'strength') return `${Math.round(value * 100)}%`
  if (Math.abs(value) < 0.005) return 'neutral'
  return `${value < 0 ? 'warm' : 'cool'} ${Math.round(Math.abs(value) * 100)}%`
}

function Slider({
  name,
  label,
  control,
  disabled,
  ends,
  onChange
}: {
  readonly name: LightOption
  readonly label: string
  readonly control: LightControl
  readonly disabled: boolean
  /** Words under the two ends of the track. */
  readonly ends?: readonly [string, string]
  readonly onChange: (value: number) => void
}) {
  const id = `relight-${name}`
  const spec = control.usable ? control.spec : undefined
  const value = control.usable ? control.value : 0
  return (
    <div style={{ flex: 1, minWidth: 0 }}>
      <Text style={{ ...SECONDARY, display: 'flex', justifyContent: 'space-between' }}>
        <label for={id}>{label}</label>
        {control.usable ? <span aria-hidden="true">{valueText(name, value)}</span> : null}
      </Text>
      <input
        id={id}
        type="range"
        style={{ width: '100%', margin: '4px 0 0' }}
        min={spec?.min ?? 0}
        max={spec?.max ?? 1}
        step={spec?.step ?? 0.05}
        value={value}
        disabled={disabled || !control.usable}
        aria-valuetext={control.usable ? valueText(name, value) : undefined}
        {...(control.usable ? {} : { 'aria-describedby': `${id}-reason` })}
        onInput={(event) => onChange(Number(event.currentTarget.value))}
      />
      {ends !== undefined && control.usable ? (
        <Text style={{ ...SECONDARY, display: 'flex', justifyContent: 'space-between' }} aria-hidden="true">
          <span>{ends[0]}</span>
          <span>{ends[1]}</span>
        </Text>
      ) : null}
      {/* Always shown, not a tooltip: a disabled slider takes no focus and no hover on touch. */}
      {control.usable ? null : (
        <Text id={`${id}-reason`} style={SECONDARY}>
          {control.reason}
        </Text>
      )}
    </div>
  )
}

/** Strength and warm↔cool colour of the light, for models whose catalog entry takes them. */
export function LightControls({
  controls,
  disabled,
  onChange
}: {
  readonly controls: Readonly<Record<LightOption, LightControl>>
  readonly disabled: boolean
  readonly onChange: (change: Partial<ModelChoices>) => void
}) {
  return (
    <div style={{ display: 'flex', gap: 12 }}>
      <Slider
        name="strength"
        label="Strength"
        control={controls.strength}
        disabled={disabled}
        onChange={(strength) => onChange({ strength })}
      />
      <Slider
        name="temperature"
        label="Temperature"
        control={controls.temperature}
        disabled={disabled}
        ends={['Warm', 'Cool']}
        onChange={(temperature) => onChange({ temperature })}
      />
    </div>
  )
}

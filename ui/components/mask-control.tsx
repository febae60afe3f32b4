import { Muted, RadioButtons, Text } from '@create-figma-plugin/ui'
import { h } from 'preact'

import type { MaskMode } from '../../src/protocol/options.js'
import { MASK_HINTS, type MaskChoice } from '../lib/mask-choices.js'
import { Field } from './field.js'

/**
 * Mask: which pixels are the subject. Every mode is listed; the ones this model or this selection can't
 * use are disabled, and why is said right under them, so the designer knows what to change.
 */
export function MaskControl({
  choices,
  value,
  chosen,
  disabled,
  onChange
}: {
  readonly choices: readonly MaskChoice[]
  /** The mode in use. */
  readonly value: MaskMode | undefined
  /** The designer's choice, when it differs from the mode in use (not possible with this selection). */
  readonly chosen: MaskMode | undefined
  readonly disabled: boolean
  readonly onChange: (mode: MaskMode) => void
}) {
  const unavailable = choices.filter((choice) => choice.reason !== undefined)
  return (
    <Field label="Mask" group>
      <RadioButtons
        space="extraSmall"
        disabled={disabled}
        value={value ?? null}
        options={choices.map((choice) => ({
          value: choice.mode,
          disabled: !choice.available,
          children: <span title={choice.reason ?? MASK_HINTS[choice.mode]}>{choice.label}</span>
        }))}
        onValueChange={(mode) => onChange(mode as MaskMode)}
      />
      {unavailable.map((choice) => (
        <Text key={choice.mode} style={{ marginTop: 4 }}>
          <Muted>
            {choice.label}
            {choice.mode === chosen ? ' (your choice)' : ''}: {choice.reason}
          </Muted>
        </Text>
      ))}
    </Field>
  )
}

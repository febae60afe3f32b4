import { Checkbox, SegmentedControl, Text, Textbox, VerticalSpace } from '@create-figma-plugin/ui'
import { pluralize } from '@create-figma-plugin/utilities'
import { h } from 'preact'

import type { ModelView } from '../../src/protocol/api.js'
import type { ModelChoices } from '../../src/protocol/events.js'
import type { OutputFormat } from '../../src/protocol/options.js'
import { ADVANCED_LABELS, type AdvancedField, advancedFields } from '../lib/advanced-params.js'
import { placeableFormats } from '../lib/placeable-formats.js'
import { Field } from './field.js'

const FORMAT_LABELS: Readonly<Record<OutputFormat, string>> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' }

export interface MoreSectionProps {
  readonly model: ModelView
  readonly choices: ModelChoices
  readonly update: (change: Partial<ModelChoices>) => void
  readonly errors: Partial<Record<AdvancedField, string>>
  /** The format that will be asked for. */
  readonly outputFormat: OutputFormat | undefined
  readonly disabled: boolean
}

/** "e.g. 28 (1–50)": the model's default and range, as the field's hint. */
function placeholder(model: ModelView, field: AdvancedField): string {
  switch (field) {
    case 'steps':
    case 'guidance': {
      const spec = model[field]
      return spec ? `${spec.default ?? ''} (${spec.min}–${spec.max})` : ''
    }
    case 'seed':
      return 'random'
    case 'longSide':
      return `${model.size.defaultLongSide} (${model.size.min}–${model.size.max}${
        model.size.multiple > 1 ? `, × ${model.size.multiple}` : ''
      } px)`
    case 'negativePrompt':
      return model.negativePrompt?.default || 'what the light should avoid'
  }
}

/**
 * The collapsed More section, generated from the model's catalog entry: only the parameters it takes, each
 * explained inline when the gateway would refuse it. Values are kept per model.
 */
export function MoreSection({ model, choices, update, errors, outputFormat, disabled }: MoreSectionProps) {
  const fields = advancedFields(model)
  const formats = placeableFormats(model)
  const hidden = model.outputFormats.filter((format) => !formats.includes(format))
  const count = Object.keys(errors).length
  const textbox = (field: AdvancedField) => {
    const id = `relight-more-${field}`
    const error = errors[field]
    return (
      <div key={field}>
        <Field label={ADVANCED_LABELS[field]} htmlFor={id}>
          <Textbox
            id={id}
            aria-label={ADVANCED_LABELS[field]}
            variant="border"
            disabled={disabled}
            placeholder={placeholder(model, field)}
            value={choices[field] ?? ''}
            aria-invalid={error !== undefined}
            {...(error !== undefined ? { 'aria-describedby': `${id}-error` } : {})}
            onValueInput={(value) => update({ [field]: value })}
          />
        </Field>
        {error !== undefined ? (
          <Text id={`${id}-error`} style={{ color: 'var(--figma-color-text-danger)', marginTop: 4 }}>
            {error}
          </Text>
        ) : null}
        {field === 'seed' ? (
          <div style={{ marginTop: 4 }}>
            <Checkbox
              disabled={disabled}
              value={choices.seedLocked === true}
              onValueChange={(seedLocked) => update({ seedLocked })}
            >
              <Text>Lock the seed (same result every run)</Text>
            </Checkbox>
          </div>
        ) : null}
        <VerticalSpace space="small" />
      </div>
    )
  }
  return (
    <details>
      <summary style={{ cursor: 'pointer', color: 'var(--figma-color-text-secondary)' }}>
        More{count > 0 ? ` · ${count} ${pluralize(count, 'value')} to fix` : ''}
      </summary>
      <VerticalSpace space="small" />
      {fields.map(textbox)}
      <Field label="Format" group>
        <SegmentedControl
          disabled={disabled}
          value={outputFormat ?? ''}
          options={formats.map((format) => ({ value: format, children: FORMAT_LABELS[format] }))}
          onValueChange={(value) => update({ outputFormat: value as OutputFormat })}
        />
      </Field>
      {hidden.length > 0 ? (
        <Text style={{ color: 'var(--figma-color-text-secondary)', marginTop: 4 }}>
          {hidden.map((format) => FORMAT_LABELS[format]).join(', ')} not offered: Figma can't place it.
        </Text>
      ) : null}
    </details>
  )
}

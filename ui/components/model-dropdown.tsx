import { Dropdown, type DropdownOption } from '@create-figma-plugin/ui'
import { h } from 'preact'

import type { ModelView } from '../../src/protocol/api.js'

/** Models from GET /v1/models; unavailable ones are disabled (ModelNotes, below it, says why in full). */
export function ModelDropdown({
  models,
  value,
  onChange,
  disabled
}: {
  readonly models: readonly ModelView[]
  readonly value: string
  readonly onChange: (id: string) => void
  readonly disabled?: boolean
}) {
  const options: DropdownOption[] = models.map((model) => ({
    value: model.id,
    text: model.available ? model.label : `${model.label} — unavailable`,
    disabled: !model.available
  }))
  const selected = models.find((model) => model.id === value)
  return (
    <div title={selected?.description}>
      <Dropdown
        aria-label="Model"
        role="combobox"
        aria-haspopup="listbox"
        variant="border"
        disabled={disabled}
        options={options}
        value={selected ? value : null}
        placeholder="Choose a model"
        onValueChange={onChange}
      />
    </div>
  )
}

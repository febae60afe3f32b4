import { Dropdown, type DropdownOption } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useState } from 'preact/hooks'

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
  const expanded = useMenuVisible(models[0]?.id)
  return (
    <div title={selected?.description}>
      <Dropdown
        aria-label="Model"
        role="combobox"
        aria-haspopup="listbox"
        aria-expanded={expanded}
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

/**
 * Whether the Dropdown's menu (portaled into the body, hidden by a class) is open, so the combobox can say
 * so (aria-expanded): the library keeps that state to itself. Found by an option value it lists.
 */
function useMenuVisible(optionValue: string | undefined): boolean {
  const [visible, setVisible] = useState(false)
  useEffect(() => {
    if (optionValue === undefined) return
    const check = () => {
      const option = document.body.querySelector(`input[type="radio"][value="${CSS.escape(optionValue)}"]`)
      const menu = option?.closest('[class*="menu"]')
      setVisible(menu !== null && menu !== undefined && !/hidden/.test(menu.className))
    }
    const observer = new MutationObserver(check)
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['class'] })
    check()
    return () => observer.disconnect()
  }, [optionValue])
  return visible
}

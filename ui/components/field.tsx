import { Text, VerticalSpace } from '@create-figma-plugin/ui'
import { type ComponentChildren, h } from 'preact'

export interface FieldProps {
  readonly label: string
  /** The id of the control the label names (`<label for>`). */
  readonly htmlFor?: string
  /** The children are options of one choice: a radio group named by the label. */
  readonly group?: boolean
  /** The id of text that describes the group (e.g. why some of its options are disabled). */
  readonly describedBy?: string
  readonly children: ComponentChildren
}

/**
 * A visible label over its control. Single controls get `<label for>`; segmented controls become a radio
 * group named by the label; a control that is not labelable (the Dropdown's div) carries its own aria-label.
 */
export function Field({ label, htmlFor, group = false, describedBy, children }: FieldProps) {
  return (
    <div>
      <Text style={{ color: 'var(--figma-color-text-secondary)' }}>
        {htmlFor ? <label for={htmlFor}>{label}</label> : <span aria-hidden="true">{label}</span>}
      </Text>
      <VerticalSpace space="extraSmall" />
      {group ? (
        <div role="radiogroup" aria-label={label} aria-describedby={describedBy}>
          {children}
        </div>
      ) : (
        children
      )}
    </div>
  )
}

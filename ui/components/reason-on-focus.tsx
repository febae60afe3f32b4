import { Text } from '@create-figma-plugin/ui'
import { type ComponentChildren, h } from 'preact'
import { useState } from 'preact/hooks'

/**
 * Shows why some of its options are disabled while focus is inside it (a tooltip only shows on hover, and
 * a disabled option takes no focus): the options' group is described by the reason for screen readers too.
 */
export function ReasonOnFocus({
  id,
  reason,
  children
}: {
  readonly id: string
  readonly reason: string | undefined
  readonly children: ComponentChildren
}) {
  const [focused, setFocused] = useState(false)
  return (
    <div
      title={reason}
      onFocusCapture={() => setFocused(true)}
      onBlurCapture={(event) => {
        const next = event.relatedTarget
        if (!(next instanceof Node) || !event.currentTarget.contains(next)) setFocused(false)
      }}
    >
      {children}
      {reason !== undefined ? (
        <Text
          id={id}
          style={{
            color: 'var(--figma-color-text-secondary)',
            marginTop: 4,
            display: focused ? 'block' : 'none'
          }}
        >
          {reason}
        </Text>
      ) : null}
    </div>
  )
}

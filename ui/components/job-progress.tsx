import { Button, Text, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'

/**
 * A progress bar with status text ("Queued — 2 ahead · about 40 s", "Relighting… 40% · about 12 s left")
 * and Cancel.
 */
export function JobProgress({
  statusText,
  progress,
  onCancel
}: {
  readonly statusText: string
  readonly progress: number
  readonly onCancel: () => void
}) {
  const percent = Math.round(Math.min(1, Math.max(0, progress)) * 100)
  return (
    <div>
      <div
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={statusText}
        style={{
          height: 4,
          borderRadius: 2,
          background: 'var(--figma-color-bg-tertiary)',
          overflow: 'hidden'
        }}
      >
        <div
          style={{
            width: `${Math.max(percent, 4)}%`,
            height: '100%',
            background: 'var(--figma-color-bg-brand)',
            transition: 'width 200ms ease-out'
          }}
        />
      </div>
      <VerticalSpace space="small" />
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
        {/* A status region: the place in line and the time left are read out as they change. */}
        <div role="status" style={{ flex: 1, minWidth: 0 }}>
          <Text>{statusText}</Text>
        </div>
        <Button secondary onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  )
}

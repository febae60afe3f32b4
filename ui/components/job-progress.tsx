import { Button, Text, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useState } from 'preact/hooks'

/** Read by screen readers, not shown. */
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  border: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap'
} as const

export interface Countdown {
  /** When `statusText` was current (ms since the epoch). */
  readonly from: number
  /** The status text as it reads that many whole seconds later. */
  readonly textAfter: (elapsedSeconds: number) => string
}

/** Whole seconds since `from`, ticking once a second while there is a countdown. */
function useElapsedSeconds(from: number | undefined): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (from === undefined) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [from])
  return from === undefined ? 0 : Math.max(0, Math.floor((now - from) / 1000))
}

/**
 * A progress bar with status text ("Queued — 2 ahead · about 40 s", "Relighting… 40% · about 12 s left")
 * and Cancel. With a countdown the visible time left ticks down between the gateway's updates; the status
 * region keeps the last update's words for screen readers, so they hear a change when there is one, not
 * every second.
 */
export function JobProgress({
  statusText,
  countdown,
  progress,
  onCancel
}: {
  readonly statusText: string
  readonly countdown?: Countdown
  readonly progress: number
  readonly onCancel: () => void
}) {
  const elapsed = useElapsedSeconds(countdown?.from)
  const shown = countdown ? countdown.textAfter(elapsed) : statusText
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
        <div style={{ flex: 1, minWidth: 0, position: 'relative' }}>
          {/* A status region: the place in line and the time left are read out as the gateway updates them. */}
          <div role="status" style={VISUALLY_HIDDEN}>
            {statusText}
          </div>
          <div aria-hidden="true" data-status-shown="">
            <Text>{shown}</Text>
          </div>
        </div>
        <Button secondary onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  )
}

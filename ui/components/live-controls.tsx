import { Button, Muted, Text, Toggle, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'

import type { LiveState } from '../hooks/use-live.js'

export interface LiveControlsProps {
  readonly live: LiveState
  readonly onToggle: (on: boolean) => void
  /** Renders the current frame's settings at full size through a normal job. */
  readonly onPlace: () => void
  /** Places the frame itself, at preview size. */
  readonly onPlaceFrame: () => void
  /** Why Live cannot run for the current selection (none selected, several), if anything. */
  readonly blocker?: string
  readonly placing: boolean
}

function statusOf(live: LiveState): string {
  if (live.error) return live.error
  if (!live.frame)
    return live.busy ? 'Rendering the first frame…' : 'Change the prompt or the light to see frames.'
  return `${live.fps > 0 ? `${live.fps.toFixed(1)} fps` : 'first frame'} · seed ${live.seed}`
}

/** The Live toggle (fal's realtime LCM through the gateway), its frame rate and the Place buttons. */
export function LiveControls(props: LiveControlsProps) {
  const { live } = props
  const reason =
    live.available === false ? (live.reason ?? 'Live is not available on this gateway.') : undefined
  const disabled = live.available !== true || (props.blocker !== undefined && !live.on)
  return (
    <div data-testid="live-controls">
      <Toggle value={live.on} disabled={disabled} onValueChange={props.onToggle}>
        <Text>
          Live <Muted>· fal.ai LCM, each frame counts as one image</Muted>
        </Text>
      </Toggle>
      {reason || (props.blocker && !live.on) ? (
        <div>
          <VerticalSpace space="extraSmall" />
          <Text>
            <Muted>{reason ?? props.blocker}</Muted>
          </Text>
        </div>
      ) : null}
      {live.on ? (
        <div>
          <VerticalSpace space="extraSmall" />
          <Text>
            <Muted>
              <span data-testid="live-status" role="status" aria-live="polite">
                {statusOf(live)}
              </span>
            </Muted>
          </Text>
          <VerticalSpace space="small" />
          <div style={{ display: 'flex', gap: 8 }}>
            <Button disabled={!live.frame || props.placing} onClick={props.onPlace}>
              Place
            </Button>
            <Button secondary disabled={!live.frame || props.placing} onClick={props.onPlaceFrame}>
              Place this frame
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  )
}

import { Checkbox, Muted, Text, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'

import { linearToHex } from '../../src/engine/hex-color.js'
import type { SceneLight } from '../../src/engine/index.js'
import type { SceneSelection } from '../../src/protocol/events.js'

export interface MatchBackgroundProps {
  readonly scene: SceneSelection
  /** Whether the chosen model can take a background. */
  readonly available: boolean
  readonly on: boolean
  readonly onToggle: (on: boolean) => void
  /** The light read off the background's thumbnail (with the overrides applied); absent while unknown. */
  readonly light: SceneLight | undefined
  /** The designer's direction, degrees (0 = from the right, 90 = from the top); absent = the estimate. */
  readonly azimuth: number | undefined
  readonly onAzimuth: (azimuth: number | undefined) => void
  /** The designer's light colour, `#rrggbb`; absent = the scene's. */
  readonly color: string | undefined
  readonly onColor: (color: string | undefined) => void
  /** Why the chosen model takes no direction or colour of the designer's; absent when it does. */
  readonly directionReason?: string
  readonly colorReason?: string
  readonly disabled: boolean
}

/** The light pad: where the light stands around the subject, as a dot on a ring. */
function LightPad({ azimuth }: { readonly azimuth: number }) {
  const a = (azimuth * Math.PI) / 180
  return (
    <svg width={40} height={40} viewBox="-20 -20 40 40" role="img" aria-label={`Light from ${azimuth}°`}>
      <circle r={15} fill="none" stroke="var(--figma-color-border)" />
      <circle r={4} fill="var(--figma-color-bg-tertiary)" />
      <circle cx={15 * Math.cos(a)} cy={-15 * Math.sin(a)} r={4} fill="var(--figma-color-icon-warning)" />
    </svg>
  )
}

const SWATCH = {
  width: 24,
  height: 24,
  padding: 0,
  border: '1px solid var(--figma-color-border)',
  borderRadius: 4,
  background: 'none',
  cursor: 'pointer'
} as const

/** Match background: light the upper selected layer to match the one behind it. */
export function MatchBackground(props: MatchBackgroundProps) {
  const { scene, available, on, light, azimuth, color, disabled, directionReason, colorReason } = props
  const shown = azimuth ?? light?.azimuth
  const shownColor = color ?? (light ? linearToHex(light.color) : undefined)
  const reasons = [directionReason, colorReason].filter((reason) => reason !== undefined)
  return (
    <div data-testid="match-background">
      <Checkbox value={on && available} disabled={disabled || !available} onValueChange={props.onToggle}>
        <Text>Match background “{scene.backgroundName}”</Text>
      </Checkbox>
      {scene.within === true && on && available ? (
        <Text style={{ marginTop: 4 }}>
          <Muted>
            <span role="status">
              Matching to “{scene.backgroundName}”, the frame around “{scene.subjectName}”
            </span>
          </Muted>
        </Text>
      ) : null}
      {!available ? (
        <div>
          <VerticalSpace space="extraSmall" />
          <Muted>This model cannot match a background. Choose Studio (built in).</Muted>
        </div>
      ) : null}
      {on && available && light !== undefined && shown !== undefined && shownColor !== undefined ? (
        <div>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 8 }}>
            <LightPad azimuth={shown} />
            <input
              type="color"
              data-testid="scene-colour"
              value={shownColor}
              disabled={disabled || colorReason !== undefined}
              aria-label="Light colour"
              {...(colorReason !== undefined ? { 'aria-describedby': 'match-reasons' } : {})}
              title={colorReason ?? (color === undefined ? "The scene's light colour" : 'Your light colour')}
              style={SWATCH}
              onInput={(event) => props.onColor((event.target as HTMLInputElement).value.toLowerCase())}
            />
            <input
              type="range"
              min={-180}
              max={180}
              step={1}
              value={shown}
              disabled={disabled || directionReason !== undefined}
              aria-label="Light direction"
              {...(directionReason !== undefined ? { 'aria-describedby': 'match-reasons' } : {})}
              style={{ flex: 1 }}
              onInput={(event) => props.onAzimuth(Number((event.target as HTMLInputElement).value))}
            />
            <button
              type="button"
              disabled={disabled || azimuth === undefined}
              onClick={() => props.onAzimuth(undefined)}
              title="Use the direction read off the background"
            >
              Auto
            </button>
          </div>
          <button
            type="button"
            disabled={disabled || color === undefined}
            onClick={() => props.onColor(undefined)}
            style={{ marginTop: 4 }}
          >
            Use the scene's colour
          </button>
          {reasons.length > 0 ? (
            <Text id="match-reasons" style={{ marginTop: 4 }}>
              <Muted>{reasons.join(' ')}</Muted>
            </Text>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

import { Checkbox, Muted, Text, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'

import type { SceneLight } from '../../src/engine/index.js'
import type { SceneSelection } from '../../src/protocol/events.js'

export interface MatchBackgroundProps {
  readonly scene: SceneSelection
  /** Whether the chosen model can take a background. */
  readonly available: boolean
  readonly on: boolean
  readonly onToggle: (on: boolean) => void
  /** The light read off the background's thumbnail (with the override applied); absent while unknown. */
  readonly light: SceneLight | undefined
  /** The designer's direction, degrees (0 = from the right, 90 = from the top); absent = the estimate. */
  readonly azimuth: number | undefined
  readonly onAzimuth: (azimuth: number | undefined) => void
  readonly disabled: boolean
}

/** A linear colour at unit luminance as CSS: brightest channel at full, sRGB-encoded. */
function cssColor(color: readonly number[]): string {
  const top = Math.max(...color, 1e-6)
  const encode = (v: number): number => {
    const c = Math.min(1, Math.max(0, v / top))
    return Math.round(255 * (c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055))
  }
  return `rgb(${color.map(encode).join(', ')})`
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

/** Match background: light the upper selected layer to match the one behind it. */
export function MatchBackground(props: MatchBackgroundProps) {
  const { scene, available, on, light, azimuth, disabled } = props
  const shown = azimuth ?? light?.azimuth
  return (
    <div data-testid="match-background">
      <Checkbox value={on && available} disabled={disabled || !available} onValueChange={props.onToggle}>
        <Text>Match background “{scene.backgroundName}”</Text>
      </Checkbox>
      {!available ? (
        <div>
          <VerticalSpace space="extraSmall" />
          <Muted>This model cannot match a background. Choose Studio (built in).</Muted>
        </div>
      ) : null}
      {on && available && light !== undefined && shown !== undefined ? (
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 8 }}>
          <LightPad azimuth={shown} />
          <span
            data-testid="scene-colour"
            role="img"
            title="The scene's light colour"
            aria-label={`Scene colour ${cssColor(light.color)}`}
            style={{
              width: 16,
              height: 16,
              borderRadius: 4,
              border: '1px solid var(--figma-color-border)',
              background: cssColor(light.color)
            }}
          />
          <input
            type="range"
            min={-180}
            max={180}
            step={1}
            value={shown}
            disabled={disabled}
            aria-label="Light direction"
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
      ) : null}
    </div>
  )
}

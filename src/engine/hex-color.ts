/**
 * A light colour as designers write it (`#rrggbb`, sRGB) and as the engine uses it (linear RGB at unit
 * luminance), both ways: a swatch shows the engine's colour, and a picked swatch becomes the engine's light.
 */
import { HEX_COLOR } from '../protocol/catalog.js'
import { normalizeColor } from './light.js'
import { decodeSrgb, encodeSrgb } from './srgb.js'
import type { Rgb } from './types.js'

/** A `#rrggbb` colour as linear RGB at unit luminance (black has no hue: it gives white). */
export function hexToLinear(hex: string): Rgb {
  if (!HEX_COLOR.test(hex)) throw new RangeError(`"${hex.slice(0, 16)}" is not a #rrggbb colour`)
  const channel = (at: number): number => decodeSrgb(parseInt(hex.slice(at, at + 2), 16) / 255)
  return normalizeColor([channel(1), channel(3), channel(5)])
}

/** A linear colour as `#rrggbb` with its brightest channel at full: the hue and saturation of the light. */
export function linearToHex(color: Rgb): string {
  const top = Math.max(color[0], color[1], color[2], 1e-6)
  const byte = (v: number): string =>
    Math.round(255 * encodeSrgb(Math.min(1, Math.max(0, v / top))))
      .toString(16)
      .padStart(2, '0')
  return `#${byte(color[0])}${byte(color[1])}${byte(color[2])}`
}

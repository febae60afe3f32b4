/** The Studio engine's public types. Pure data on typed arrays: no Node or DOM types. */
import type { LightSource, Output } from '../protocol/options.js'
import type { Subject } from './subject.js'

/** Straight (non-premultiplied) RGBA, 8 bits a channel, row-major, `data.length === width * height * 4`. */
export interface RgbaImage {
  readonly width: number
  readonly height: number
  readonly data: Uint8ClampedArray
}

/** Linear-ish RGB multipliers, 1 = neutral white. */
export type Rgb = readonly [number, number, number]

export interface LightColor {
  readonly color: Rgb
  /** Multiplies the key light's strength. */
  readonly intensity: number
  /** The vocabulary entries that matched, for display ("warm", "golden hour"). */
  readonly matched: readonly string[]
  /** Color of the fill (ambient) light when the words call for a second color (neon, sunset); else absent. */
  readonly fill?: Rgb
  /** 0 = hard light (tight highlight, crisp terminator), 1 = soft (softbox, overcast); absent = 0.5. */
  readonly softness?: number
  /** Multiplies the ambient option when the words call for a strong fill (neon's second color); absent = 1. */
  readonly fillStrength?: number
}

export interface RelightOptions {
  readonly lightSource: LightSource
  /** Degrees; 0 = light from the right, 90 = from the top. Overrides `lightSource` when set. */
  readonly azimuth?: number
  /** Degrees above the image plane; 90 = straight on. */
  readonly elevation?: number
  /** The light's color; defaults to neutral white. Usually from `lightFromPrompt`. */
  readonly color?: Rgb
  /** Key light strength, 1 = default. */
  readonly intensity?: number
  readonly ambient?: number
  readonly specular?: number
  readonly rim?: number
  readonly shadow?: number
  readonly output?: Output
  /** Optional subject mask, one byte a pixel (255 = subject), same size as the image. */
  readonly mask?: Uint8Array
  /**
   * Find the subject of an opaque image (subject.ts) instead of reading `mask`; the cutout output then
   * carries the found alpha. An image with transparency keeps its own alpha as the subject.
   */
  readonly autoMask?: boolean
  /**
   * With `autoMask`: the subject `findSubject` found in this same image earlier, so a series of relights
   * of one image (variations, a live preview following the pointer) finds it once.
   */
  readonly subject?: Subject
  /** Color of the ambient fill; defaults to a half-tinted version of `color`. */
  readonly fill?: Rgb
  /** 0 = hard light, 1 = soft; default 0.5. */
  readonly softness?: number
  /** How much of the new light replaces the image's own: 0 = the input unchanged, 1 = all (default). */
  readonly strength?: number
  /** Colour temperature of the key light: -1 warm (candle, about 2700 K) .. 0 neutral .. 1 cool (shade). */
  readonly temperature?: number
}

/** The relit image, with what the engine decided on the way, in words for the job's log. */
export interface RelitImage extends RgbaImage {
  readonly notes: readonly string[]
}

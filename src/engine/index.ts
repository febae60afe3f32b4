// TEMPORARY STUB while the engine is being written: replaced by the real Studio engine.
import type { LightColor, RelightOptions, RgbaImage } from './types.js'

export type { LightColor, RelightOptions, Rgb, RgbaImage } from './types.js'

export function relight(image: RgbaImage, _options: RelightOptions): RgbaImage {
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) }
}

export function lightFromPrompt(_prompt: string): LightColor {
  return { color: [1, 1, 1], intensity: 1, matched: [] }
}

import type { RelightParams } from '../protocol/request.js'

export type StudioParams = Pick<RelightParams, 'prompt' | 'lightSource' | 'output' | 'options' | 'seed'>

/**
 * Maps a validated request (catalog options for local/studio) to engine options. `variation` (0-based)
 * nudges the light a little per variation so several images differ; variation 0 is the base light.
 */
export function studioOptions(params: StudioParams, _variation = 0, mask?: Uint8Array): RelightOptions {
  return { lightSource: params.lightSource, output: params.output, ...(mask ? { mask } : {}) }
}

/** The vocabulary every runtime shares: where the light comes from, which mask, which output. */

export const LIGHT_SOURCES = ['none', 'left', 'right', 'top', 'bottom'] as const
export type LightSource = (typeof LIGHT_SOURCES)[number]

export const LIGHT_SOURCE_LABELS: Record<LightSource, string> = {
  none: 'None',
  left: 'Left',
  right: 'Right',
  top: 'Top',
  bottom: 'Bottom'
}

/**
 * alpha: the layer's own transparency is the subject mask.
 * image: an uploaded mask image (white = subject).
 * auto: the provider removes the background itself.
 * none: the whole image is the subject.
 */
export const MASK_MODES = ['alpha', 'image', 'auto', 'none'] as const
export type MaskMode = (typeof MASK_MODES)[number]

/** scene: the model's full image. cutout: the subject's alpha re-applied, transparency kept. */
export const OUTPUTS = ['scene', 'cutout'] as const
export type Output = (typeof OUTPUTS)[number]

/**
 * The most variations one request asks for where the model sets no lower limit: what the plugin offers,
 * and what Studio and fal allow (fal documents no limit; this keeps one job's cost and time bounded).
 */
export const MAX_VARIATIONS = 4

export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp'
}

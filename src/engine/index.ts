/**
 * The Studio engine: relights RGBA pixels with a 2.5D model of the subject. Pure
 * TypeScript on typed arrays, no Node or DOM APIs: the gateway, the CLI and the plugin UI run this code.
 */
export { SOURCE_AZIMUTH } from './light.js'
export { lightFromPrompt, VOCABULARY } from './palette.js'
export { relight } from './relight.js'
export { studioOptions, type StudioParams } from './studio-options.js'
export { findSubject, type Subject } from './subject.js'
export type { LightColor, RelightOptions, RelitImage, Rgb, RgbaImage } from './types.js'

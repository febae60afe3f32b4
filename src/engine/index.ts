/**
 * The Studio engine: relights RGBA pixels with a 2.5D model of the subject. Pure
 * TypeScript on typed arrays, no Node or DOM APIs: the gateway, the CLI and the plugin UI run this code.
 */
export { contactShadow, type ShadowLayer } from './contact-shadow.js'
export { fillTransparent } from './fill-transparent.js'
export { SOURCE_AZIMUTH } from './light.js'
export { type MatchedScene, type MatchOptions, matchScene, resize } from './match-scene.js'
export { lightFromPrompt, VOCABULARY } from './palette.js'
export { type PreparedRelight, prepareRelight, relight, relightPrepared } from './relight.js'
export { defaultPlacement, estimateSceneLight, type Placement, type SceneLight } from './scene-light.js'
export { studioOptions, type StudioParams } from './studio-options.js'
export { findSubject, type Subject } from './subject.js'
export type { LightColor, RelightOptions, RelitImage, Rgb, RgbaImage } from './types.js'

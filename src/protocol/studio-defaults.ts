/**
 * The Studio engine's light when a request sets no option: the catalog shows these as the local/studio
 * defaults and the engine applies them, so a preview, a request and a render agree.
 */
export const STUDIO_DEFAULTS = {
  /** Degrees above the image plane. */
  elevation: 30,
  intensity: 1,
  ambient: 0.3,
  specular: 0.3,
  rim: 0.4,
  shadow: 0.5,
  /** Not a request option: the prompt's words set it. */
  softness: 0.5,
  strength: 1,
  temperature: 0
} as const

/** Segmind's ic-light (synchronous, answers with image bytes); documented fields in docs/providers.md. */
import type { ModelEntry } from '../catalog.js'
import { icLightCog, icLightSize } from './ic-light.js'

// Segmind's example sends seed 42; the entry leaves the seed unset, which randomizes, as "another variation"
// wants.
export const SEGMIND_IC_LIGHT: ModelEntry = icLightCog(
  {
    id: 'segmind/ic-light',
    label: 'IC-Light (Segmind)',
    provider: 'segmind',
    description:
      'IC-Light on Segmind: relights the subject from the chosen side with a new background, in one call.',
    keyEnv: 'SEGMIND_API_KEY',
    // Segmind's width/height are enums 256–1024 in steps of 64; its documented default is 512×640.
    size: icLightSize(640),
    steps: { kind: 'integer', label: 'Steps', default: 25, min: 1, max: 100, step: 1 }
  },
  80
)

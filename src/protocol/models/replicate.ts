/** Replicate's fater-ai/icl-glob-v1 (IC-Light FC behind a cog); documented fields in docs/providers.md. */
import type { ModelEntry } from '../catalog.js'
import { icLightCog, icLightSize } from './ic-light.js'

export const REPLICATE_ICL_GLOB_V1: ModelEntry = icLightCog(
  {
    id: 'replicate/icl-glob-v1',
    label: 'IC-Light (Replicate)',
    provider: 'replicate',
    description:
      'IC-Light on Replicate: relights the subject from the chosen side with a new background; up to 12 variations.',
    keyEnv: 'REPLICATE_API_TOKEN',
    size: icLightSize(1024),
    steps: { kind: 'integer', label: 'Steps', default: 30, min: 1, max: 100, step: 1 }
  },
  100
)

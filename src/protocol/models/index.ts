/** The provider models of the catalog, in the order the UI lists them. */
import type { ModelEntry } from '../catalog.js'
import { FAL_MODELS } from './fal.js'
import { REPLICATE_ICL_GLOB_V1 } from './replicate.js'
import { SEGMIND_IC_LIGHT } from './segmind.js'

export const PROVIDER_MODELS: readonly ModelEntry[] = [...FAL_MODELS, REPLICATE_ICL_GLOB_V1, SEGMIND_IC_LIGHT]

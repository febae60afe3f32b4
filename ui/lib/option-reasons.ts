import { pluralize } from '@create-figma-plugin/utilities'

import type { ModelView } from '../../src/protocol/api.js'
import { MAX_VARIATIONS, type Output } from '../../src/protocol/options.js'

export const CUTOUT_SAME_AS_SCENE =
  'The selected layer is opaque, so a cut-out would be the same image as Scene. Select a layer with transparency for Cut-out.'

/** Why some Output options are disabled, in one sentence; undefined when all can be chosen. */
export function outputReason(model: ModelView | undefined, cutoutAvailable: boolean): string | undefined {
  const outputs: readonly Output[] = model?.outputs ?? ['scene', 'cutout']
  if (model !== undefined && !outputs.includes('cutout')) return `${model.label} can't make a cut-out.`
  if (model !== undefined && !outputs.includes('scene')) return `${model.label} makes cut-outs only.`
  return cutoutAvailable ? undefined : CUTOUT_SAME_AS_SCENE
}

/** Why the higher Variations counts are disabled; undefined when all can be chosen. */
export function variationsReason(model: ModelView | undefined): string | undefined {
  if (model === undefined || model.maxImages >= MAX_VARIATIONS) return undefined
  return `${model.label} makes at most ${model.maxImages} ${pluralize(model.maxImages, 'variation')} a run.`
}

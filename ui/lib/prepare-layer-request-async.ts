import type { ExportedLayer } from '../../src/protocol/events.js'
import type { RelightParamsInput } from '../../src/protocol/request.js'
import { maskToGrayscalePngAsync } from './mask-to-grayscale-png-async.js'

/** The request for one exported layer: its size when chosen, and its mask layer as a grayscale PNG. */
export async function prepareLayerRequestAsync(
  layer: ExportedLayer,
  params: RelightParamsInput,
  sizeChosen: boolean,
  /** `maskToGrayscalePngAsync` in the plugin; injected so the request runs without a canvas. */
  toGrayscale: (png: Uint8Array) => Promise<Uint8Array> = maskToGrayscalePngAsync
): Promise<{ params: RelightParamsInput; mask?: Uint8Array }> {
  const sized = sizeChosen ? { ...params, width: layer.width, height: layer.height } : params
  if (params.maskMode !== 'image') return { params: sized }
  if (layer.mask === undefined) {
    throw new Error(
      `“${layer.name}” has no mask layer to use: select a second layer with it, or name one ` +
        `“${layer.name} mask” next to it.`
    )
  }
  return { params: sized, mask: await toGrayscale(layer.mask.bytes) }
}

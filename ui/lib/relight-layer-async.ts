import type { JobView } from '../../src/protocol/api.js'
import type { GatewayClient } from '../../src/protocol/client.js'
import type { ExportedLayer, InsertedParams, InsertRequest, SceneShadow } from '../../src/protocol/events.js'
import type { RelightParamsInput } from '../../src/protocol/request.js'
import { createRequestId } from './create-request-id.js'
import { describeError } from './describe-error.js'
import { requestInsertAsync } from './request-insert-async.js'

export interface RelightLayerInput {
  readonly client: GatewayClient
  readonly layer: ExportedLayer
  readonly params: RelightParamsInput
  readonly signal: AbortSignal
  /** The run the insert belongs to (one selection and undo step for the whole run). */
  readonly runId?: string
  /** Several layers in this run: every error starts with the layer's name ("Camera: …"). */
  readonly nameInErrors?: boolean
  readonly onSubmitted: (jobId: string) => void
  /**
   * The run was canceled while this layer's upload was in flight: the gateway accepted the job anyway, so
   * it must be canceled there at once (a provider model would bill for it). Nothing is placed.
   */
  readonly onSubmittedAfterCancel: (jobId: string) => void
  readonly onJob: (job: JobView) => void
  readonly onImages: (images: readonly { bytes: Uint8Array; contentType: string }[]) => void
  /**
   * Figma refused the results or never answered: the job is given up (not offered again on every open,
   * where placing it would fail the same way).
   */
  readonly onUnplaceable?: (jobId: string) => void
  /** The layer's mask as the grayscale PNG sent with maskMode `image`. */
  readonly mask?: Uint8Array
  /**
   * Set when the designer picks before placing: the downloaded results are handed over here instead of
   * being placed, and the job is not marked inserted (it stays offered until placed or discarded).
   */
  readonly hold?: (held: HeldResults) => void
  /**
   * Match background: the layer's exported background goes with the request, and the results are placed
   * over it with the shadow `shadowFor` makes from the first result (absent: no shadow layer). A match is
   * placed at once, never held: it belongs over its background, not in the tray.
   */
  readonly scene?: {
    readonly shadowFor?: (relit: Uint8Array) => Promise<SceneShadow>
  }
  /** `requestInsertAsync` in the plugin; injected so the flow runs without Figma. */
  readonly insert?: (request: InsertRequest) => Promise<readonly string[]>
}

/** A job's downloaded results, waiting for the designer to place or discard them. */
export interface HeldResults {
  readonly sourceId: string
  readonly sourceName: string
  readonly params: InsertedParams
  readonly images: readonly { readonly bytes: Uint8Array; readonly contentType: string }[]
  /** The source as it was sent (the exported PNG), to compare the results against. */
  readonly original?: { readonly bytes: Uint8Array; readonly contentType: string }
}

/**
 * One layer, one job: submit → follow its events → download the images → place them on the canvas →
 * mark the job inserted. A canceled job places nothing; a failed step throws with words for the designer.
 * The upload is not aborted by Cancel: only once the gateway answers is the job's id known, to cancel it.
 */
export async function relightLayerAsync(input: RelightLayerInput): Promise<number> {
  const { layer, signal } = input
  if (signal.aborted) return 0
  try {
    return await runAsync(input)
  } catch (error) {
    if (signal.aborted) return 0
    throw new Error(input.nameInErrors ? `${layer.name}: ${describeError(error)}` : describeError(error))
  }
}

async function runAsync(input: RelightLayerInput): Promise<number> {
  const { client, layer, signal } = input
  const background = input.scene !== undefined ? layer.background : undefined
  if (input.scene !== undefined && background === undefined) {
    throw new Error(`“${layer.name}” has no background to match: select it together with its background.`)
  }
  const params = background ? { ...input.params, placement: background.placement } : input.params
  const { id } = await client.submit(layer.bytes, params, {
    idempotencyKey: createRequestId(),
    ...(input.mask !== undefined ? { mask: input.mask } : {}),
    ...(background ? { background: background.bytes } : {})
  })
  if (signal.aborted) {
    input.onSubmittedAfterCancel(id)
    return 0
  }
  input.onSubmitted(id)
  const job = await client.watch(id, input.onJob, signal)
  if (job.status === 'failed') {
    const reason = job.error?.message ?? 'the job failed without a reason.'
    throw new Error(input.nameInErrors ? reason : `“${layer.name}” could not be relit: ${reason}`)
  }
  if (job.status === 'canceled' || signal.aborted) return 0
  const images = await Promise.all(
    job.images.map(async (image) => ({
      bytes: await client.image(image.url, signal),
      contentType: image.contentType
    }))
  )
  if (signal.aborted) return 0
  const maskMode = job.params?.maskMode ?? params.maskMode
  const inserted: InsertedParams = {
    jobId: id,
    model: job.model,
    prompt: job.params?.prompt ?? params.prompt,
    lightSource: job.params?.lightSource ?? params.lightSource ?? 'none',
    seed: job.params?.seed ?? params.seed ?? null,
    ...(maskMode !== undefined ? { maskMode } : {})
  }
  if (input.hold !== undefined && background === undefined) {
    input.hold({
      sourceId: layer.id,
      sourceName: layer.name,
      params: inserted,
      images,
      original: { bytes: layer.bytes, contentType: 'image/png' }
    })
    input.onImages(images)
    return images.length
  }
  const shadowFor = input.scene?.shadowFor
  const shadow = shadowFor && images.length > 0 ? await shadowFor(images[0].bytes) : undefined
  if (signal.aborted) return 0
  try {
    await (input.insert ?? requestInsertAsync)({
      sourceId: layer.id,
      images: images.map((image) => image.bytes),
      params: inserted,
      ...(input.runId !== undefined ? { runId: input.runId } : {}),
      ...(background
        ? { scene: { backgroundName: background.name, ...(shadow !== undefined ? { shadow } : {}) } }
        : {})
    })
  } catch (error) {
    input.onUnplaceable?.(id)
    throw error
  }
  input.onImages(images)
  // Best effort: the results are on the canvas already; a failed mark only means the job may be offered again.
  await client.markInserted(id).catch(() => undefined)
  return images.length
}

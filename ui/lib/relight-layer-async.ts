import type { JobView } from '../../src/protocol/api.js'
import type { GatewayClient } from '../../src/protocol/client.js'
import type { ExportedLayer } from '../../src/protocol/events.js'
import type { RelightParamsInput } from '../../src/protocol/request.js'
import { createRequestId } from './create-request-id.js'
import { requestInsertAsync } from './request-insert-async.js'

export interface RelightLayerInput {
  readonly client: GatewayClient
  readonly layer: ExportedLayer
  readonly params: RelightParamsInput
  readonly signal: AbortSignal
  readonly onSubmitted: (jobId: string) => void
  readonly onJob: (job: JobView) => void
  readonly onImages: (images: readonly { bytes: Uint8Array; contentType: string }[]) => void
}

/**
 * One layer, one job: submit → follow its events → download the images → place them on the canvas →
 * mark the job inserted. A canceled job places nothing; a failed job throws with the job's own message.
 */
export async function relightLayerAsync(input: RelightLayerInput): Promise<number> {
  const { client, layer, params, signal } = input
  const { id } = await client.submit(layer.bytes, params, { idempotencyKey: createRequestId(), signal })
  input.onSubmitted(id)
  const job = await client.watch(id, input.onJob, signal)
  if (job.status === 'failed') {
    throw new Error(
      `“${layer.name}” could not be relit: ${job.error?.message ?? 'the job failed without a reason.'}`
    )
  }
  if (job.status === 'canceled' || signal.aborted) return 0
  const images = await Promise.all(
    job.images.map(async (image) => ({
      bytes: await client.image(image.url, signal),
      contentType: image.contentType
    }))
  )
  if (signal.aborted) return 0
  await requestInsertAsync({
    sourceId: layer.id,
    images: images.map((image) => image.bytes),
    params: {
      jobId: id,
      model: job.model,
      prompt: job.params?.prompt ?? params.prompt,
      lightSource: job.params?.lightSource ?? params.lightSource ?? 'none',
      seed: job.params?.seed ?? params.seed ?? null
    }
  })
  input.onImages(images)
  // Best effort: the results are on the canvas already; a failed mark only means the job may be offered again.
  await client.markInserted(id).catch(() => undefined)
  return images.length
}

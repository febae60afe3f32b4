import type { JobView } from '../../src/protocol/api.js'
import type { GatewayClient } from '../../src/protocol/client.js'
import type { InsertRequest } from '../../src/protocol/events.js'
import { describeError } from './describe-error.js'

export interface InsertFinishedOutcome {
  /** Layers placed on the canvas. */
  readonly placed: number
  readonly errors: readonly string[]
}

/**
 * Places the results of jobs that finished while the plugin was closed: beside their source layer when it
 * still exists, else at the viewport's center; then marks each job inserted so it is not offered again.
 */
export async function insertFinishedJobsAsync(
  client: GatewayClient,
  jobs: readonly JobView[],
  sources: Readonly<Record<string, string>>,
  /** `requestInsertAsync` in the plugin; injected so the flow runs without Figma. */
  insert: (request: InsertRequest) => Promise<readonly string[]>
): Promise<InsertFinishedOutcome> {
  let placed = 0
  const errors: string[] = []
  for (const job of jobs) {
    try {
      const images = await Promise.all(job.images.map((image) => client.image(image.url)))
      const first = job.images[0]
      if (!first) continue
      await insert({
        sourceId: sources[job.id] ?? '',
        images,
        params: {
          jobId: job.id,
          model: job.model,
          prompt: job.params.prompt,
          lightSource: job.params.lightSource,
          seed: job.params.seed
        },
        withoutSource: { width: first.width, height: first.height }
      })
      placed += images.length
      // Best effort: the results are on the canvas; a failed mark only means the job may be offered again.
      await client.markInserted(job.id).catch(() => undefined)
    } catch (error) {
      errors.push(describeError(error))
    }
  }
  return { placed, errors }
}

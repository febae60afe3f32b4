import type { JobView } from '../../src/protocol/api.js'
import type { GatewayClient } from '../../src/protocol/client.js'
import type { InsertRequest } from '../../src/protocol/events.js'
import { describeError } from './describe-error.js'

export interface InsertFinishedOutcome {
  /** Layers placed on the canvas. */
  readonly placed: number
  readonly errors: readonly string[]
  /**
   * Jobs whose results Figma refused or never answered for: placing them again would fail the same way,
   * so they are forgotten rather than offered on every open.
   */
  readonly unplaceable: readonly string[]
}

/**
 * Places the results of jobs that finished while the plugin was closed: beside their source layer when it
 * still exists, else at the viewport's center; then marks each job inserted so it is not offered again.
 * A download that fails leaves the job to be offered again (the gateway may be back next time); a
 * placement that fails is said once and the job given up.
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
  const unplaceable: string[] = []
  for (const job of jobs) {
    const first = job.images[0]
    if (!first) continue
    let images: Uint8Array[]
    try {
      images = await Promise.all(job.images.map((image) => client.image(image.url)))
    } catch (error) {
      errors.push(describeError(error))
      continue
    }
    try {
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
    } catch (error) {
      unplaceable.push(job.id)
      errors.push(
        `A relight of “${job.params.prompt}” could not be placed: ${describeError(error)} ` +
          'Relight will not offer it again.'
      )
      continue
    }
    placed += images.length
    // Best effort: the results are on the canvas; a failed mark only means the job may be offered again.
    await client.markInserted(job.id).catch(() => undefined)
  }
  return { placed, errors, unplaceable }
}

import { isFinalStatus, type JobView } from '../../src/protocol/api.js'

/**
 * Of the caller's recent jobs, those this document started (`started`: jobId → source layer id): the ones
 * that succeeded and were never placed (`finished`), and the ids that need no more tracking (`settled`:
 * failed, canceled, or already inserted elsewhere).
 */
export function pickFinishedJobs(
  jobs: readonly JobView[],
  started: Readonly<Record<string, string>>
): { readonly finished: JobView[]; readonly settled: string[] } {
  const mine = jobs.filter((job) => Object.hasOwn(started, job.id))
  const finished = mine.filter(
    (job) => job.status === 'succeeded' && !job.insertedAt && job.images.length > 0
  )
  const settled = mine
    .filter((job) => isFinalStatus(job.status) && !finished.includes(job))
    .map((job) => job.id)
  return { finished, settled }
}

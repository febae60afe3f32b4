import type { JobView } from '../../src/protocol/api.js'
import { formatJobStatus } from '../../src/protocol/format-job-status.js'
import { jobProgress } from './job-progress.js'

/**
 * Status text and progress for one or several jobs (one per selected layer). A layer is done once its
 * results are on the canvas (`placed[i]`) or its job ended without results; a job that succeeded but whose
 * images are not placed yet says "Downloading results…", never "Done".
 */
export function summarizeJobs(
  jobs: readonly (JobView | undefined)[],
  placed: readonly boolean[] = []
): {
  readonly statusText: string
  readonly progress: number
} {
  const done = jobs.map(
    (job, index) =>
      placed[index] === true || (job !== undefined && (job.status === 'failed' || job.status === 'canceled'))
  )
  const progress =
    jobs.reduce((sum, job, index) => {
      if (done[index]) return sum + 1
      // Succeeded but not placed: the images are still downloading.
      return sum + (job?.status === 'succeeded' ? 0.95 : jobProgress(job))
    }, 0) / Math.max(1, jobs.length)
  const pendingIndex = done.findIndex((isDone) => !isDone)
  const current = pendingIndex === -1 ? jobs[0] : jobs[pendingIndex]
  const text =
    current === undefined
      ? 'Sending to the gateway…'
      : current.status === 'succeeded' && pendingIndex !== -1
        ? 'Downloading results…'
        : formatJobStatus(current)
  if (jobs.length <= 1) return { statusText: text, progress }
  const finished = done.filter(Boolean).length
  return { statusText: `${finished} of ${jobs.length} layers done · ${text}`, progress }
}

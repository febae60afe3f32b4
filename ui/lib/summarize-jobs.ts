import type { JobView } from '../../src/protocol/api.js'
import { formatJobStatus } from '../../src/protocol/format-job-status.js'
import { jobProgress } from './job-progress.js'

/**
 * Status text and progress for one or several jobs (one per selected layer). A layer is done once its
 * results are on the canvas (`placed[i]`) or its job ended without results; a job that succeeded but whose
 * images are not placed yet says "Downloading results…", never "Done". `elapsedSeconds` is how long ago
 * the views arrived: the time left in their estimates counts down by it.
 */
export function summarizeJobs(
  jobs: readonly (JobView | undefined)[],
  placed: readonly boolean[] = [],
  elapsedSeconds = 0
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
        : formatJobStatus(aged(current, elapsedSeconds))
  if (jobs.length <= 1) return { statusText: text, progress }
  const finished = done.filter(Boolean).length
  return { statusText: `${finished} of ${jobs.length} layers done · ${text}`, progress }
}

/** The view as it would read `seconds` later, as far as its time left goes (never below 0: "longer than usual"). */
function aged(job: JobView, seconds: number): JobView {
  const left = job.estimate?.secondsLeft
  if (seconds <= 0 || left === undefined || job.estimate === undefined) return job
  return { ...job, estimate: { ...job.estimate, secondsLeft: Math.max(0, left - seconds) } }
}

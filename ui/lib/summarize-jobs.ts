import type { JobView } from '../../src/protocol/api.js'
import { isFinalStatus } from '../../src/protocol/api.js'
import { formatJobStatus } from './format-job-status.js'
import { jobProgress } from './job-progress.js'

/** Status text and progress for one or several jobs (one per selected layer). */
export function summarizeJobs(jobs: readonly (JobView | undefined)[]): {
  readonly statusText: string
  readonly progress: number
} {
  const progress = jobs.reduce((sum, job) => sum + jobProgress(job), 0) / Math.max(1, jobs.length)
  const pending = jobs.find((job) => job === undefined || !isFinalStatus(job.status))
  const current = pending === undefined ? jobs[0] : pending
  const text = current === undefined ? 'Sending to the gateway…' : formatJobStatus(current)
  if (jobs.length <= 1) return { statusText: text, progress }
  const finished = jobs.filter((job) => job !== undefined && isFinalStatus(job.status)).length
  return { statusText: `${finished} of ${jobs.length} layers done · ${text}`, progress }
}

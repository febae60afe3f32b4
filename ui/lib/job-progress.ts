import type { JobView } from '../../src/protocol/api.js'

/** 0..1 for the progress bar: queued jobs count as 0, finished ones as 1. */
export function jobProgress(job: JobView | undefined): number {
  if (job === undefined || job.status === 'queued') return 0
  if (job.status === 'running') return job.progress ?? 0.05
  return 1
}

import type { JobEstimate, JobView } from './api.js'

/**
 * One line for a progress bar or a terminal, the same words in the plugin and the CLI: "Queued — 2 ahead
 * · about 40 s", "Relighting… 40% · about 12 s left", "Done".
 */
export function formatJobStatus(job: JobView): string {
  switch (job.status) {
    case 'queued':
      return withEstimate(queuedText(job.queuePosition), job.estimate, '')
    case 'running':
      return withEstimate(
        job.progress !== undefined ? `Relighting… ${Math.round(job.progress * 100)}%` : 'Relighting…',
        job.estimate,
        ' left'
      )
    case 'succeeded':
      return 'Done'
    case 'failed':
      return 'Failed'
    case 'canceled':
      return 'Canceled'
  }
}

/** `queuePosition` counts from 1, the job that starts next; the words count the jobs before this one. */
function queuedText(position: number | undefined): string {
  if (position === undefined || position < 1) return 'Queued — starting soon'
  return position === 1 ? 'Queued — next in line' : `Queued — ${position - 1} ahead`
}

function withEstimate(text: string, estimate: JobEstimate | undefined, suffix: string): string {
  return estimate ? `${text} · ${estimateText(estimate, suffix)}` : text
}

/** The time part; with too few timed runs it says so instead of guessing a number. */
export function estimateText(estimate: JobEstimate, suffix = ''): string {
  if (estimate.secondsLeft === undefined) {
    const more = Math.max(1, estimate.samplesNeeded - estimate.samples)
    return `no time estimate yet (needs ${more} more finished run${more === 1 ? '' : 's'})`
  }
  if (estimate.secondsLeft === 0) return 'taking longer than usual'
  return `about ${duration(estimate.secondsLeft)}${suffix}`
}

function duration(seconds: number): string {
  return seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`
}

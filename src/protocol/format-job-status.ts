import type { JobView } from './api.js'

/** One line for a progress bar or a terminal, the same words in the plugin and the CLI: "Queued — 2 ahead", "Relighting… 40%", "Done". */
export function formatJobStatus(job: JobView): string {
  switch (job.status) {
    case 'queued':
      return job.queuePosition !== undefined && job.queuePosition > 0
        ? `Queued — ${job.queuePosition} ahead`
        : 'Queued — starting soon'
    case 'running':
      return job.progress !== undefined ? `Relighting… ${Math.round(job.progress * 100)}%` : 'Relighting…'
    case 'succeeded':
      return 'Done'
    case 'failed':
      return 'Failed'
    case 'canceled':
      return 'Canceled'
  }
}

/** The job lifecycle. Nothing leaves a final state; the store refuses anything else. */
import { isFinalStatus, type JobStatus } from '../../protocol/api.js'
import type { JobPatch, JobRecord } from './types.js'

const NEXT: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  queued: ['queued', 'running', 'failed', 'canceled'],
  running: ['running', 'succeeded', 'failed', 'canceled'],
  succeeded: [],
  failed: [],
  canceled: []
}

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError'

  constructor(
    readonly jobId: string,
    readonly from: JobStatus,
    readonly to: JobStatus | undefined
  ) {
    super(`Job ${jobId} is ${from}; it cannot ${to ? `become ${to}` : 'change any more'}.`)
  }
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return NEXT[from].includes(to)
}

/** Throws unless `patch` is allowed on `job`: a final job only takes `insertedAt` (once succeeded). */
export function assertPatchAllowed(job: JobRecord, patch: JobPatch): void {
  if (isFinalStatus(job.status)) {
    const keys = Object.keys(patch).filter((key) => patch[key as keyof JobPatch] !== undefined)
    const onlyInserted = keys.every((key) => key === 'insertedAt') && job.status === 'succeeded'
    if (!onlyInserted) throw new IllegalTransitionError(job.id, job.status, patch.status)
    return
  }
  if (patch.status !== undefined && !canTransition(job.status, patch.status)) {
    throw new IllegalTransitionError(job.id, job.status, patch.status)
  }
}

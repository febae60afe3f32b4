/**
 * Time estimates from a model's recent successful runs on this gateway. A run's duration is from the
 * start of the provider call to the result, so it includes the provider's own queue as it usually is.
 * Below a few samples there is no time at all: one slow cold start would otherwise set it.
 */
import type { JobEstimate } from '../../protocol/api.js'
import type { JobRecord } from './types.js'

export const SAMPLES_NEEDED = 3

export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export interface EstimateInput {
  /** The model's recent run durations in ms (any order). */
  readonly durations: readonly number[]
  /** The job's place in the gateway's own line (1 = next to start); undefined once it left that line. */
  readonly linePosition?: number
  /** How many jobs of the job's provider run at once (the line's width). */
  readonly concurrency: number
  readonly nowMs: number
}

/**
 * The estimate a job view carries, or undefined where none belongs: final jobs, and a running Studio job
 * (it reports real progress of its own). A Studio job waiting in the line gets one.
 */
export function estimateFor(job: JobRecord, input: EstimateInput): JobEstimate | undefined {
  if (job.status !== 'queued' && job.status !== 'running') return undefined
  if (job.provider === 'local' && input.linePosition === undefined) return undefined
  const base = { samples: input.durations.length, samplesNeeded: SAMPLES_NEEDED }
  const typical = median(input.durations)
  if (typical === undefined || input.durations.length < SAMPLES_NEEDED) return base
  return {
    ...base,
    typicalSeconds: Math.round(typical / 100) / 10,
    secondsLeft: seconds(msLeft(job, typical, input))
  }
}

function msLeft(job: JobRecord, typical: number, input: EstimateInput): number {
  const { linePosition, concurrency, nowMs } = input
  if (linePosition !== undefined) {
    // Every slot is busy (else the job would not wait), each run on average half done; the jobs ahead
    // in the line then take the slots in turns of `concurrency`, and this job needs a whole run.
    return typical * (1.5 + (linePosition - 1) / Math.max(1, concurrency))
  }
  const started = job.callStartedAt ? Date.parse(job.callStartedAt) : Number.NaN
  return Number.isNaN(started) ? typical : typical - (nowMs - started)
}

function seconds(ms: number): number {
  return ms > 0 ? Math.ceil(ms / 1000) : 0
}

/** How long a successful run took, for `recordDuration`; undefined when its start was not recorded. */
export function runDuration(job: JobRecord): number | undefined {
  if (job.status !== 'succeeded' || !job.callStartedAt) return undefined
  const ms = Date.parse(job.updatedAt) - Date.parse(job.callStartedAt)
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined
}

/** The gateway's HTTP API as data: what `GET /v1/jobs/:id`, `GET /v1/models` and errors return. */
import type { ModelEntry } from './catalog.js'
import type { RelightParams } from './request.js'

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

export const FINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'canceled']

export function isFinalStatus(status: JobStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

export interface JobImage {
  /** Path on the gateway's own origin, e.g. `/v1/jobs/abc/images/0`. */
  readonly url: string
  readonly width: number
  readonly height: number
  readonly contentType: string
}

export interface JobError {
  readonly code: string
  readonly message: string
}

/**
 * How long until the result, from the durations of this model's recent successful runs on this gateway
 * (the time from the provider call's start to the result). On queued and running jobs of provider models,
 * and on Studio jobs while they wait in the gateway's line.
 */
export interface JobEstimate {
  /** Recent successful runs of the model the estimate rests on (the newest, at most 20). */
  readonly samples: number
  /** Runs needed before the gateway gives a time: with fewer, `secondsLeft` and `typicalSeconds` are absent. */
  readonly samplesNeeded: number
  /** The median of those runs, in seconds (one decimal). */
  readonly typicalSeconds?: number
  /**
   * Seconds until the result is expected, when the view was made (rounded up). 0 = this run already took
   * longer than the median.
   */
  readonly secondsLeft?: number
}

/** The job as every client sees it, from `GET /v1/jobs/:id` and every SSE event. */
export interface JobView {
  readonly id: string
  readonly status: JobStatus
  readonly model: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly params: RelightParams
  readonly queuePosition?: number
  /** 0..1 when known. */
  readonly progress?: number
  /** Time left, from this model's recent runs on this gateway; see `JobEstimate`. */
  readonly estimate?: JobEstimate
  readonly logs?: readonly string[]
  readonly error?: JobError
  readonly images: readonly JobImage[]
  /** Set once a plugin has placed the results on the canvas. */
  readonly insertedAt?: string
}

export interface JobListView {
  readonly jobs: readonly JobView[]
}

export interface ModelView extends ModelEntry {
  readonly available: boolean
  /** Why the model cannot be used right now, in words for a designer, e.g. "FAL_KEY is not set". */
  readonly unavailableReason?: string
  /**
   * Whether the model takes a `background` file to light the subject to match (Studio always; the fal
   * LoRA model when the gateway has IC-Light's background-conditioned weights). Absent = no.
   */
  readonly acceptsBackground?: boolean
}

export interface ModelListView {
  readonly models: readonly ModelView[]
  readonly defaultModel: string
}

export interface HealthView {
  readonly ok: true
  readonly version: string
  /** Present when instances share Redis (REDIS_URL): it answered this health check. */
  readonly redis?: 'reachable'
}

/**
 * What the person can change to get past an error, so each client can say where in its own terms (the
 * plugin's Settings, the CLI's flags): a request field, the token (missing, or one the gateway refused), or
 * the gateway address.
 */
export type ErrorHint =
  | { readonly kind: 'field'; readonly field: string }
  | { readonly kind: 'token'; readonly problem: 'missing' | 'rejected' }
  | { readonly kind: 'url' }

export interface ErrorBody {
  readonly error: {
    readonly code: string
    /** What went wrong, in words; where to fix it is `hint`, for the client to word. */
    readonly message: string
    readonly field?: string
    readonly hint?: ErrorHint
  }
}

export interface SubmitView {
  readonly id: string
  readonly status: JobStatus
}

/** What `GET /v1/usage` answers: the calling token's quota and rate today. */
export interface UsageView {
  readonly name: string
  /** Images relit today (UTC). */
  readonly used: number
  /** Images allowed a day; null = unlimited. */
  readonly limit: number | null
  readonly remaining: number | null
  /** When the daily quota resets: the next 00:00 UTC. */
  readonly resetAt: string
  readonly rate: {
    readonly limit: number
    readonly windowSeconds: number
    readonly remaining: number
    readonly resetAt: string
  }
}

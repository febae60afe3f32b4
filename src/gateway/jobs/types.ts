/**
 * The job as the gateway keeps it, and the store interface every backend implements (in memory, SQLite,
 * Redis later). The store enforces the lifecycle: only legal status transitions happen.
 */
import type { JobError, JobStatus } from '../../protocol/api.js'
import type { ProviderName } from '../../protocol/catalog.js'
import type { RelightParams } from '../../protocol/request.js'

/** An encoded image: an input kept for the provider call, or a result. */
export interface StoredImage {
  readonly bytes: Uint8Array
  readonly contentType: string
  readonly width: number
  readonly height: number
}

/** Run durations kept per model: enough for a steady median, few enough to follow a provider's changes. */
export const RUN_DURATIONS_KEPT = 20

export type ImageMeta = Omit<StoredImage, 'bytes'>

/**
 * Where an image lives within its job: `input` is the image as uploaded and `uploaded-mask` the mask file
 * (maskMode "image"), `background` the background file as uploaded; `result/n` the n-th result.
 */
export type InputSlot = 'input' | 'uploaded-mask' | 'background'
export const INPUT_SLOTS: readonly InputSlot[] = ['input', 'uploaded-mask', 'background']
export type ImageSlot = InputSlot | `result/${number}`

export interface JobRecord {
  readonly id: string
  /** Who made the job: the auth hook's owner string ("local" while auth is off). */
  readonly owner: string
  readonly model: string
  readonly provider: ProviderName
  readonly params: RelightParams
  readonly status: JobStatus
  /** The provider's own id for the call, stored right after submit so a restart can resume tracking. */
  readonly providerRequestId?: string
  /** Place in the provider's own queue once submitted there (1 = next); the gateway's line is separate. */
  readonly queuePosition?: number
  /** 0..1 when known. */
  readonly progress?: number
  readonly logs: readonly string[]
  readonly error?: JobError
  readonly images: readonly ImageMeta[]
  readonly seed?: number
  readonly idempotencyKey?: string
  /** Fingerprint of the validated request, to tell a retry from a different request under the same key. */
  readonly requestHash?: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly insertedAt?: string
  /**
   * When the gateway began the provider call (before `submit`/`run`). With no `providerRequestId` after a
   * restart it means a submit may have reached the provider: see `resumeVerdict` in recovery.ts.
   */
  readonly callStartedAt?: string
  /**
   * A fingerprint of the exact input sent to the provider, stored before it is sent. After a restart it
   * finds the provider's own record of a submit whose answer was lost (Replicate lists predictions).
   */
  readonly submitMarker?: string
  /**
   * Set when the job reaches a final state: the sweeper deletes it (and its images) after this. Marking a
   * job inserted brings it forward to `insertedAt` + the keep-after-insert time when that is sooner.
   */
  readonly expiresAt?: string
}

export type NewJob = Omit<
  JobRecord,
  'status' | 'logs' | 'images' | 'updatedAt' | 'callStartedAt' | 'submitMarker' | 'expiresAt'
>

/** Fields an update may change. `status` is checked against the legal transitions. */
export type JobPatch = Partial<
  Pick<
    JobRecord,
    | 'status'
    | 'providerRequestId'
    | 'queuePosition'
    | 'progress'
    | 'logs'
    | 'error'
    | 'images'
    | 'seed'
    | 'insertedAt'
    | 'callStartedAt'
    | 'submitMarker'
  >
>

/** The input stored with a new job, so a job never exists without its image. */
export type JobInputs = Readonly<Partial<Record<InputSlot, StoredImage>>>

export interface JobStore {
  /** Stores the job queued, together with its input images (all or nothing). */
  create(job: NewJob, inputs?: JobInputs): Promise<JobRecord>
  get(id: string): Promise<JobRecord | undefined>
  /** Applies the patch; throws `IllegalTransitionError` for an illegal status change or a final job. */
  update(id: string, patch: JobPatch, now: string): Promise<JobRecord>
  /** The owner's jobs, newest first. */
  listByOwner(owner: string, limit: number): Promise<JobRecord[]>
  findByIdempotencyKey(owner: string, key: string): Promise<JobRecord | undefined>
  /** Jobs not in a final state, oldest first: what a restarted gateway resumes. */
  listUnfinished(): Promise<JobRecord[]>
  putImage(jobId: string, slot: ImageSlot, image: StoredImage): Promise<void>
  getImage(jobId: string, slot: ImageSlot): Promise<StoredImage | undefined>
  /** Drops the job's result images (e.g. results that arrived after a cancel). */
  deleteResults(jobId: string): Promise<void>
  /**
   * Drops the job's input images (`input`, `uploaded-mask`, `mask`): called once the job is final, when
   * nothing (no restart, no cut-out delivery) can need the upload again. A missing job is not an error.
   */
  deleteInputs(jobId: string): Promise<void>
  /** Deletes the job, whatever its state, with every image; false when there was no such job. */
  erase(jobId: string): Promise<boolean>
  /** The owner's jobs created before `before` (ISO 8601), oldest first, every state: what a purge erases. */
  listCreatedBefore(owner: string, before: string): Promise<JobRecord[]>
  /** Deletes final jobs whose `expiresAt` is at or before `now`, with their images; returns their ids. */
  deleteExpired(now: string): Promise<string[]>
  /**
   * Keeps how long a successful run of `model` took, for the time estimates of later jobs. Only the model
   * and the duration are kept (no owner, no job), and only the most recent `RUN_DURATIONS_KEPT` per model.
   */
  recordDuration(model: string, ms: number): Promise<void>
  /** The model's most recent run durations in ms, newest first (at most `RUN_DURATIONS_KEPT`). */
  recentDurations(model: string): Promise<number[]>
  close(): Promise<void>
}

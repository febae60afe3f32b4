/**
 * The one provider contract. A provider family (local Studio, fal, Replicate, Segmind) is one adapter,
 * made by a `create…Adapter(config)` factory, handling every catalog model of its family.
 *
 * - Synchronous providers (Studio in-process, Segmind's `POST /v1/ic-light` answering with bytes)
 *   implement `run`.
 * - Asynchronous providers (fal's queue, Replicate predictions) implement `submit` (returns the provider's
 *   request id, stored at once so a restarted gateway resumes instead of submitting twice), `status`
 *   (polled), `result` (downloads the images) and `cancel`. Those whose provider lists its calls also
 *   `reconcile`: after a crash between sending a submit and storing its answer, they find the call again.
 */
import type { RgbaImage } from '../../engine/index.js'
import type { ModelEntry, ProviderName } from '../../protocol/catalog.js'
import type { RelightParams } from '../../protocol/request.js'
import type { StoredImage } from '../jobs/types.js'

/** The prepared request: the image decoded at the model's working size, and the subject mask. */
export interface ProviderInput {
  readonly jobId: string
  readonly model: ModelEntry
  readonly params: RelightParams
  readonly image: RgbaImage
  /** One byte a pixel, 255 = subject, `image.width * image.height` long. */
  readonly mask: Uint8Array
  /** The background to match (models that accept one), at its own size. */
  readonly background?: RgbaImage
}

/** What a provider reports while it works; each report becomes a job event. */
export interface ProviderProgress {
  /** 0..1 */
  readonly progress?: number
  /** 1 = next to start at the provider. */
  readonly queuePosition?: number
  readonly log?: string
}

export interface ProviderContext {
  /** Aborted when the job is canceled, times out, or the gateway shuts down. */
  readonly signal: AbortSignal
  report(update: ProviderProgress): void
  /**
   * Stores `marker` (a fingerprint of the exact input about to be sent) durably. An adapter that can
   * `reconcile` calls it right before the submit leaves, so a restart can look the submit up.
   */
  markSubmit?(marker: string): Promise<void>
}

/** What the provider knows of a submit whose answer was lost when the gateway died. */
export type ReconcileOutcome =
  /** Request ids of the provider's calls with exactly the marked input, newest first. */
  | { readonly found: readonly string[] }
  /** The provider has no such call: the submit never reached it, so sending it again is safe. */
  | { readonly absent: true }
  /** The provider could not tell (its list was unreachable or did not reach back far enough). */
  | { readonly unknown: string }

export interface ProviderResult {
  /** Encoded images at the working size, in the order the provider returned them. */
  readonly images: readonly StoredImage[]
  /** The seed the provider actually used, when it reports one. */
  readonly seed?: number
}

export type ProviderState =
  | { readonly state: 'queued'; readonly queuePosition?: number; readonly logs?: readonly string[] }
  | { readonly state: 'running'; readonly progress?: number; readonly logs?: readonly string[] }
  | { readonly state: 'succeeded'; readonly logs?: readonly string[] }
  | { readonly state: 'failed'; readonly error: ProviderFailure }
  | { readonly state: 'canceled' }

/** A provider-side failure in words a designer understands (a rejected key, no credits, a bad field). */
export interface ProviderFailure {
  readonly code: string
  readonly message: string
}

interface ProviderBase {
  readonly name: ProviderName
}

export interface SyncProvider extends ProviderBase {
  readonly kind: 'sync'
  run(input: ProviderInput, ctx: ProviderContext): Promise<ProviderResult>
}

export interface AsyncProvider extends ProviderBase {
  readonly kind: 'async'
  /** How long to wait between `status` polls. */
  readonly pollIntervalMs: number
  submit(input: ProviderInput, ctx: ProviderContext): Promise<{ readonly requestId: string }>
  status(requestId: string, model: ModelEntry, ctx: ProviderContext): Promise<ProviderState>
  result(requestId: string, input: ProviderInput, ctx: ProviderContext): Promise<ProviderResult>
  /** Best effort: asks the provider to stop; a provider that cannot stop a running call may still finish. */
  cancel(requestId: string, model: ModelEntry): Promise<void>
  /**
   * Finds the call a marked submit made, from the provider's own records (`since`: when the gateway began
   * the submit, ISO 8601). Only adapters that call `markSubmit` implement it.
   */
  reconcile?(marker: string, since: string, model: ModelEntry, signal: AbortSignal): Promise<ReconcileOutcome>
}

export type Provider = SyncProvider | AsyncProvider

/** Thrown by an adapter for a failure the job should report as is; it lives with the upstream errors. */
export { ProviderError } from '../upstream/errors.js'

/**
 * What a (re)started gateway may do with a job it finds unfinished. The hard case is a provider call
 * that was started (`callStartedAt`) but left no provider request id: the gateway died between sending
 * the submit and storing the answer, so the provider may be running — and billing — a job we cannot
 * track. fal, Replicate and Segmind take no idempotency key, so sending it again blindly could bill twice
 * and place two results.
 *
 * - An adapter that can `reconcile` stores a marker (a fingerprint of the exact input) before the submit
 *   leaves. No marker: nothing was sent, so the job simply runs. A marker: the provider's own list of
 *   calls says whether it got the submit — then the job adopts that call — or not — then sending it is
 *   safe. Only when the provider cannot tell does the job fail as interrupted.
 * - Other providers (fal's queue and Segmind's synchronous call list nothing to match against): the job
 *   fails with a message saying exactly that. The local Studio engine (free, deterministic, in-process)
 *   is simply run again.
 */
import type { JobError } from '../../protocol/api.js'
import type { ModelEntry } from '../../protocol/catalog.js'
import type { Provider, ReconcileOutcome } from '../providers/contract.js'
import type { JobRecord } from './types.js'

const LABELS: Readonly<Record<string, string>> = {
  local: 'The Studio engine',
  fal: 'fal.ai',
  replicate: 'Replicate',
  segmind: 'Segmind'
}

/** The provider's name as designers know it. */
export function providerLabel(name: string): string {
  return LABELS[name] ?? name
}

/** Providers whose call may be repeated without cost or duplicates. */
function safeToRepeat(provider: Provider): boolean {
  return provider.name === 'local'
}

function interrupted(provider: Provider, why?: string): JobError {
  const label = providerLabel(provider.name)
  return {
    code: 'interrupted',
    message:
      `The gateway restarted while sending this relight to ${label}, so it cannot tell whether ${label} ` +
      `started it${why ? ` (${why})` : ''}. It was not sent again, so you are not charged twice. Try again.`
  }
}

/** `run` to (re)start or resume the job; otherwise the error it must fail with, untouched at the provider. */
export function resumeVerdict(job: JobRecord, provider: Provider): 'run' | JobError {
  if (!job.callStartedAt || job.providerRequestId || safeToRepeat(provider)) return 'run'
  return interrupted(provider)
}

export type ResumePlan =
  | { readonly run: true }
  /** The provider has the call: track it under this id. */
  | { readonly adopt: string }
  | { readonly fail: JobError }

/** One reconcile at a time, so two restarted jobs never adopt the same provider call. */
let line: Promise<unknown> = Promise.resolve()

function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const next = line.then(task, task)
  line = next.catch(() => undefined)
  return next
}

/**
 * The plan for `job` on (re)start. `claimed` lists the provider request ids other unfinished jobs already
 * track, so identical submits (same input, same seed) each keep their own call.
 */
export function resumePlan(
  job: JobRecord,
  model: ModelEntry,
  provider: Provider,
  signal: AbortSignal,
  claimed: () => Promise<ReadonlySet<string>>
): Promise<ResumePlan> {
  const verdict = resumeVerdict(job, provider)
  if (verdict === 'run') return Promise.resolve({ run: true })
  if (provider.kind !== 'async' || !provider.reconcile) return Promise.resolve({ fail: verdict })
  const { reconcile } = provider
  // The marker is stored before the submit leaves: without one, nothing was sent.
  const marker = job.submitMarker
  if (!marker) return Promise.resolve({ run: true })
  const since = job.callStartedAt!
  return oneAtATime(async (): Promise<ResumePlan> => {
    let outcome: ReconcileOutcome
    try {
      outcome = await reconcile(marker, since, model, signal)
    } catch {
      outcome = { unknown: 'its list of recent calls could not be read' }
    }
    if ('unknown' in outcome) return { fail: interrupted(provider, outcome.unknown) }
    if ('absent' in outcome) return { run: true }
    const taken = await claimed()
    const free = outcome.found.find((id) => !taken.has(id))
    // Every matching call belongs to another job: this job's own submit never arrived.
    return free ? { adopt: free } : { run: true }
  })
}

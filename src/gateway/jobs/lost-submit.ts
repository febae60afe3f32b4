/**
 * Submits whose answer never arrived. A submit that failed on the way back (a dropped connection, a 5xx,
 * a timeout) may still have started a paid run at the provider; where the provider lists its calls
 * (`reconcile`), the run is found and tracked instead of lost.
 */
import type { ModelEntry } from '../../protocol/catalog.js'
import { type AsyncProvider, ProviderError } from '../providers/contract.js'
import { resumePlan } from './recovery.js'
import type { JobRecord, JobStore } from './types.js'

/** Failures after which the provider may have accepted the submit although its answer was lost. */
const MAYBE_ACCEPTED = new Set(['unavailable', 'timeout', 'bad_response'])

/** The provider's request id of the run `error` hid, when the provider has one; else undefined. */
export async function lostSubmit(
  error: unknown,
  job: JobRecord,
  provider: AsyncProvider,
  model: ModelEntry,
  signal: AbortSignal,
  store: JobStore
): Promise<string | undefined> {
  if (!provider.reconcile || signal.aborted || !(error instanceof ProviderError)) return undefined
  const reached = (error as { reached?: unknown }).reached !== false
  if (!reached || !MAYBE_ACCEPTED.has(error.code)) return undefined
  const latest = await store.get(job.id)
  if (!latest?.submitMarker || latest.providerRequestId) return undefined
  const plan = await resumePlan(latest, model, provider, signal, () => claimedIds(job, store))
  return 'adopt' in plan ? plan.adopt : undefined
}

/** Provider calls other unfinished jobs of the same provider already track. */
export async function claimedIds(job: JobRecord, store: JobStore): Promise<ReadonlySet<string>> {
  const unfinished = await store.listUnfinished()
  return new Set(
    unfinished
      .filter((other) => other.id !== job.id && other.provider === job.provider)
      .flatMap((other) => (other.providerRequestId ? [other.providerRequestId] : []))
  )
}

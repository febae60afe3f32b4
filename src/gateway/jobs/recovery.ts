/**
 * What a (re)started gateway may do with a job it finds unfinished. The hard case is a provider call
 * that was started (`callStartedAt`) but left no provider request id: the gateway died between sending
 * the submit and storing the answer, so the provider may be running — and billing — a job we cannot
 * track. fal, Replicate and Segmind take no idempotency key, so sending it again could bill twice and
 * place two results. Such a job fails with a message saying exactly that; only the local Studio engine
 * (free, deterministic, in-process) is simply run again.
 */
import type { JobError } from '../../protocol/api.js'
import type { Provider } from '../providers/contract.js'
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

/** `run` to (re)start or resume the job; otherwise the error it must fail with, untouched at the provider. */
export function resumeVerdict(job: JobRecord, provider: Provider): 'run' | JobError {
  if (!job.callStartedAt || job.providerRequestId || safeToRepeat(provider)) return 'run'
  const label = providerLabel(provider.name)
  return {
    code: 'interrupted',
    message:
      `The gateway restarted while sending this relight to ${label}, so it cannot tell whether ${label} ` +
      'started it. It was not sent again, so you are not charged twice. Try again.'
  }
}

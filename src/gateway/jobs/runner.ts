/**
 * Runs one job against its provider: marks it running, calls the provider (a synchronous `run`, or
 * submit → poll status → result for async providers), stores the results and ends the job. A job that
 * already has a provider request id is resumed, never submitted again.
 */
import type { JobError } from '../../protocol/api.js'
import type { ModelEntry } from '../../protocol/catalog.js'
import { GatewayError, INTERNAL_ERROR_MESSAGE } from '../errors.js'
import { type PreparedInput, prepareInput } from '../images.js'
import type { Logger } from '../log.js'
import {
  type AsyncProvider,
  type Provider,
  type ProviderContext,
  ProviderError,
  type ProviderInput,
  type ProviderProgress,
  type ProviderResult
} from '../providers/contract.js'
import { DataKeyError } from '../store/at-rest.js'
import { deliverAll } from './deliver.js'
import { withoutPrompt } from './log-privacy.js'
import { claimedIds, lostSubmit } from './lost-submit.js'
import type { PreparedInputs } from './prepared-inputs.js'
import { resumePlan } from './recovery.js'
import { redactPatch, redactText } from './redact-patch.js'
import { IllegalTransitionError } from './transitions.js'
import type { JobPatch, JobRecord, JobStore } from './types.js'

/** Why a job's signal was aborted. */
export type AbortReason = 'canceled' | 'timeout' | 'shutdown'

export interface RunnerDeps {
  readonly store: JobStore
  /** Applies a patch and publishes the change; undefined when the job may no longer change. */
  readonly update: (id: string, patch: JobPatch) => Promise<JobRecord | undefined>
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>
  readonly logger: Logger
  /** The current time as ISO 8601 (injected clock). */
  readonly timestamp: () => string
  /** Pixels decoded at submit, by job id. */
  readonly prepared: PreparedInputs
  readonly maxPixels: number
  /** The provider keys: never stored, published or logged, whatever a provider echoes. */
  readonly secrets?: readonly string[]
  /** RELIGHT_LOG_PROMPTS=1: an error logged for a job may quote its prompt. */
  readonly logPrompts?: boolean
}

const MAX_LOG_LINES = 50

export const DATA_KEY_MISSING =
  'This image is stored encrypted and the gateway does not have the key to read it. Ask your admin to ' +
  'check RELIGHT_DATA_KEY.'

/** An unexpected error as a log field, without any key a provider echoed into it, or the job's prompt. */
function loggable(error: unknown, job: JobRecord, deps: RunnerDeps): Record<string, unknown> {
  const clean = (text: string): string =>
    withoutPrompt(redactText(text, deps.secrets ?? []), job.params.prompt, deps.logPrompts ?? false)
  if (!(error instanceof Error)) return { message: clean(String(error)) }
  return {
    type: error.name,
    message: clean(error.message),
    ...(error.stack ? { stack: clean(error.stack) } : {})
  }
}

function failure(error: unknown, reason: unknown, deps: RunnerDeps, job: JobRecord): JobError | undefined {
  if (reason === 'canceled' || reason === 'shutdown') return undefined
  if (reason === 'timeout') {
    return {
      code: 'timeout',
      message: 'The relight took too long and was stopped. Try again, or pick a faster model.'
    }
  }
  if (error instanceof ProviderError) return { code: error.code, message: error.message }
  // A stored upload refused when decoded again (e.g. RELIGHT_MAX_PIXELS lowered before a restart).
  if (error instanceof GatewayError && error.status < 500) return { code: error.code, message: error.message }
  if (error instanceof DataKeyError) {
    deps.logger.error({ jobId: job.id, reason: error.message }, 'job failed: stored image cannot be read')
    return { code: 'data_key_missing', message: DATA_KEY_MISSING }
  }
  deps.logger.error({ err: loggable(error, job, deps), jobId: job.id }, 'job failed')
  return { code: 'internal_error', message: INTERNAL_ERROR_MESSAGE }
}

async function pollAsync(
  job: JobRecord,
  provider: AsyncProvider,
  input: ProviderInput,
  ctx: ProviderContext,
  deps: RunnerDeps
): Promise<ProviderResult | undefined> {
  let requestId = job.providerRequestId
  if (!requestId) {
    // Durable before the call: a restart that finds this without a request id never resubmits blindly.
    if (!(await deps.update(job.id, { callStartedAt: deps.timestamp() }))) return undefined
    try {
      requestId = (await provider.submit(input, ctx)).requestId
    } catch (error) {
      const found = await lostSubmit(error, job, provider, input.model, ctx.signal, deps.store)
      if (!found) throw error
      requestId = found
    }
    // Durable before the first poll (the store commits before it resolves).
    if (!(await deps.update(job.id, { providerRequestId: requestId }))) {
      // Canceled while the submit was in flight: stop what the provider just accepted.
      await provider.cancel(requestId, input.model).catch(() => undefined)
      return undefined
    }
  }
  for (;;) {
    ctx.signal.throwIfAborted()
    const state = await provider.status(requestId, input.model, ctx)
    const logs = state.state !== 'failed' && state.state !== 'canceled' ? state.logs : undefined
    if (logs?.length) await deps.update(job.id, { logs: logs.slice(-MAX_LOG_LINES) })
    if (state.state === 'succeeded') {
      // A fast provider may be done at the first poll: pass through running, the only way to succeeded.
      if (!(await deps.update(job.id, { status: 'running' }))) return undefined
      return provider.result(requestId, input, ctx)
    }
    if (state.state === 'failed') throw new ProviderError(state.error.code, state.error.message, requestId)
    if (state.state === 'canceled') {
      throw new ProviderError(
        'canceled_at_provider',
        'The provider canceled this relight. Try again.',
        requestId
      )
    }
    if (state.state === 'queued') await deps.update(job.id, { queuePosition: state.queuePosition })
    else await deps.update(job.id, { status: 'running', progress: state.progress })
    await deps.sleep(provider.pollIntervalMs, ctx.signal)
  }
}

/** The pixels from submit when still in memory; else the stored upload, decoded again (after a restart). */
async function inputFor(job: JobRecord, model: ModelEntry, deps: RunnerDeps): Promise<PreparedInput> {
  const kept = deps.prepared.take(job.id)
  if (kept) return kept
  const [image, uploadedMask, background] = await Promise.all([
    deps.store.getImage(job.id, 'input'),
    deps.store.getImage(job.id, 'uploaded-mask'),
    deps.store.getImage(job.id, 'background')
  ])
  if (!image) throw new Error(`Job ${job.id} has no stored input.`)
  const files = {
    image: image.bytes,
    ...(uploadedMask ? { mask: uploadedMask.bytes } : {}),
    ...(background ? { background: background.bytes } : {})
  }
  return prepareInput(files, job.params, model, deps.maxPixels)
}

function contextFor(job: JobRecord, signal: AbortSignal, deps: RunnerDeps): ProviderContext {
  const logs = [...job.logs]
  return {
    signal,
    async markSubmit(marker: string) {
      // Durable before the submit leaves: a restart then asks the provider instead of giving up.
      if (!(await deps.update(job.id, { submitMarker: marker }))) throw new Error('job ended before submit')
    },
    report(update: ProviderProgress) {
      if (update.log) logs.push(update.log)
      const patch: JobPatch = {
        progress: update.progress,
        queuePosition: update.queuePosition,
        logs: update.log ? logs.slice(-MAX_LOG_LINES) : undefined
      }
      void deps.update(job.id, patch).catch(() => {})
    }
  }
}

/** Runs `job` to a final state (or leaves it for a restart to resume, on shutdown). Never throws. */
export async function runJob(
  found: JobRecord,
  model: ModelEntry,
  provider: Provider,
  signal: AbortSignal,
  rawDeps: RunnerDeps
): Promise<void> {
  let job = found
  const secrets = rawDeps.secrets ?? []
  const deps: RunnerDeps = {
    ...rawDeps,
    update: (id, patch) => rawDeps.update(id, redactPatch(patch, secrets))
  }
  try {
    const plan = await resumePlan(job, model, provider, signal, () => claimedIds(job, deps.store))
    if ('fail' in plan) {
      await deps.update(job.id, { status: 'failed', error: plan.fail })
      return
    }
    if ('adopt' in plan) {
      const adopted = await deps.update(job.id, { providerRequestId: plan.adopt })
      if (!adopted) return
      job = adopted
    }
    const prepared = await inputFor(job, model, deps)
    const input: ProviderInput = { jobId: job.id, model, params: job.params, ...prepared }
    // Read now: the Studio engine takes ownership of the pixel buffers.
    const working = { width: input.image.width, height: input.image.height }
    const ctx = contextFor(job, signal, deps)
    let result: ProviderResult | undefined
    if (provider.kind === 'sync') {
      const started = { status: 'running', progress: 0, callStartedAt: deps.timestamp() } as const
      if (!(await deps.update(job.id, started))) return
      result = await provider.run(input, ctx)
    } else {
      result = await pollAsync(job, provider, input, ctx, deps)
    }
    signal.throwIfAborted()
    if (!result) return
    const delivered = await deliverAll(result, job, working, provider, deps)
    signal.throwIfAborted()
    await Promise.all(delivered.map((img, n) => deps.store.putImage(job.id, `result/${n}`, img)))
    const images = delivered.map(({ contentType, width, height }) => ({ contentType, width, height }))
    const done = await deps.update(job.id, { status: 'succeeded', progress: 1, images, seed: result.seed })
    if (!done) await deps.store.deleteResults(job.id)
  } catch (error) {
    if (error instanceof IllegalTransitionError) return
    const jobError = failure(error, signal.reason, deps, job)
    if (jobError) await deps.update(job.id, { status: 'failed', error: jobError }).catch(() => undefined)
  }
}

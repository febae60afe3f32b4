/**
 * The job side both soaks share: submitting the mix of models with Idempotency-Keys, waiting for every job
 * to end, and sorting the ends into succeeded / failed with a clear error / lost.
 */
import type { JobView } from '../src/protocol/api.js'
import type { FakeFal } from '../testkit/fakes/fal.js'
import type { FakeReplicate } from '../testkit/fakes/replicate.js'
import { fixtureBytes } from '../testkit/fixtures.js'
import { relightForm } from '../testkit/relight-form.js'

/** A call to the gateway that retries through crashes and 503s until the soak's deadline. */
export type Call = (path: string, init?: () => RequestInit) => Promise<Response>

export interface WeightedParams {
  readonly weight: number
  readonly params: Record<string, unknown>
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const image = fixtureBytes('coffee.png')

/**
 * Submits job `n`: a model drawn from `models` by weight, keyed `soak-<seed>-<n>` so a retry after a crash
 * finds the job the first try stored. Its id goes into `ids`.
 */
export async function submitOne(
  call: Call,
  models: readonly WeightedParams[],
  random: () => number,
  key: string,
  ids: string[]
): Promise<void> {
  let pick = random()
  const { params } = models.find((m) => (pick -= m.weight) < 0) ?? models[0]!
  const response = await call('/v1/relight', () => ({
    method: 'POST',
    body: relightForm(params, image),
    headers: { 'Idempotency-Key': key }
  }))
  if (response.status !== 202) throw new Error(`submit ${key}: ${response.status} ${await response.text()}`)
  ids.push(((await response.json()) as { id: string }).id)
}

const FINAL = new Set(['succeeded', 'failed', 'canceled'])

/** Every job's view once all have ended, or as they stand at the deadline. */
export async function waitForEnds(call: Call, ids: readonly string[], deadline: number): Promise<JobView[]> {
  let views: JobView[] = []
  while (Date.now() < deadline) {
    views = []
    for (const id of ids) views.push((await (await call(`/v1/jobs/${id}`)).json()) as JobView)
    if (views.every((view) => FINAL.has(view.status))) break
    await sleep(1000)
  }
  return views
}

export interface Tally {
  succeeded: number
  failedClearly: number
  readonly lost: string[]
  /** Failure codes and how often each came. */
  readonly errors: Record<string, number>
}

/**
 * Sorts the ends. A success counts once its first image can be read; a failure counts as clear when it has
 * a code other than internal_error, unless `lostAnyway` names it lost (it returns why). Anything else is lost.
 */
export async function tally(
  call: Call,
  views: readonly JobView[],
  lostAnyway: (view: JobView) => string | undefined = () => undefined
): Promise<Tally> {
  const result: Tally = { succeeded: 0, failedClearly: 0, lost: [], errors: {} }
  for (const view of views) {
    if (view.error) result.errors[view.error.code] = (result.errors[view.error.code] ?? 0) + 1
    const why = lostAnyway(view)
    if (why !== undefined) {
      result.lost.push(`${view.id} (${view.model}): ${why}`)
    } else if (view.status === 'succeeded') {
      const got = await call(`/v1/jobs/${view.id}/images/0`)
      if (got.ok && (await got.arrayBuffer()).byteLength > 0) result.succeeded++
      else result.lost.push(`${view.id}: succeeded but image 0 is ${got.status}`)
    } else if (view.status === 'failed' && view.error && view.error.code !== 'internal_error') {
      result.failedClearly++
    } else {
      result.lost.push(
        `${view.id} (${view.model}): ${view.status} ${view.error ? JSON.stringify(view.error) : ''}`
      )
    }
  }
  return result
}

/** Submits the fakes accepted (faulted ones were turned away): never more than one per job. */
export function acceptedSubmits(
  views: readonly JobView[],
  fal: FakeFal,
  replicate: FakeReplicate
): { readonly line: string; readonly twice: boolean } {
  const accepted = { fal: fal.jobs.size, replicate: replicate.predictions.size }
  const jobsOf = (prefix: string) => views.filter((view) => view.model.startsWith(prefix)).length
  return {
    line: `accepted submits: fal ${accepted.fal} for ${jobsOf('fal/')} jobs, replicate ${accepted.replicate} for ${jobsOf('replicate/')} jobs`,
    twice: accepted.fal > jobsOf('fal/') || accepted.replicate > jobsOf('replicate/')
  }
}

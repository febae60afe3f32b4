import { emit, pluralize } from '@create-figma-plugin/utilities'

import { ApiError, type GatewayClient } from '../../src/protocol/client.js'
import type { ForgetJobsHandler } from '../../src/protocol/events.js'

export interface CancelOutcome {
  /** Jobs the gateway had already finished (409 already_final): they could not be canceled. */
  readonly alreadyFinished: number
  /** Jobs the gateway could not be asked to cancel (unreachable…): they may still run. */
  readonly unknown: number
}

/**
 * Cancels the jobs at the gateway, so the provider stops and nothing is billed or placed later, and forgets
 * them in the document's started jobs, so none is offered later as "finished while Relight was closed".
 */
export async function cancelJobsAsync(
  client: GatewayClient,
  jobIds: readonly string[],
  forget: (jobIds: readonly string[]) => void = (ids) => emit<ForgetJobsHandler>('FORGET_JOBS', ids)
): Promise<CancelOutcome> {
  if (jobIds.length === 0) return { alreadyFinished: 0, unknown: 0 }
  forget(jobIds)
  const outcomes = await Promise.allSettled(jobIds.map((id) => client.cancel(id)))
  let alreadyFinished = 0
  let unknown = 0
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') continue
    if (outcome.reason instanceof ApiError && outcome.reason.status === 409) alreadyFinished++
    else unknown++
  }
  return { alreadyFinished, unknown }
}

/** The status line after Cancel, honest about jobs that could not be canceled. */
export function canceledText(outcome: CancelOutcome): string {
  const parts = ['Canceled. Nothing more will be placed.']
  if (outcome.alreadyFinished > 0) {
    const n = outcome.alreadyFinished
    parts.push(
      `${n} ${pluralize(n, 'relight')} had already finished at the gateway and could not be canceled.`
    )
  }
  if (outcome.unknown > 0) {
    parts.push('The gateway could not be reached to stop the rest; they may still finish there.')
  }
  return parts.join(' ')
}

import { emit, pluralize } from '@create-figma-plugin/utilities'
import { useCallback, useEffect, useState } from 'preact/hooks'

import type { JobView } from '../../src/protocol/api.js'
import type { GatewayClient } from '../../src/protocol/client.js'
import type { ForgetJobsHandler, NotifyHandler, RunFinishedHandler } from '../../src/protocol/events.js'
import { createRequestId } from '../lib/create-request-id.js'
import { insertFinishedJobsAsync } from '../lib/insert-finished-jobs-async.js'
import { pickFinishedJobs } from '../lib/pick-finished-jobs.js'
import { requestInsertAsync } from '../lib/request-insert-async.js'

export interface FinishedJobs {
  /** Jobs this document started that succeeded while the plugin was closed and were never placed. */
  readonly jobs: readonly JobView[]
  readonly inserting: boolean
  readonly error?: string
  readonly insert: () => Promise<void>
  readonly dismiss: () => void
}

/**
 * On open, asks the gateway for the caller's recent jobs and keeps the succeeded, never-inserted ones this
 * document started (`started`: jobId → source layer id). Jobs that ended otherwise are forgotten. Quiet
 * when the gateway cannot be reached: the offer is a convenience, and the jobs stay on the gateway.
 */
export function useFinishedJobs(
  client: GatewayClient,
  started: Readonly<Record<string, string>>,
  /** False while the gateway URL in Settings is refused: nothing is requested from it. */
  enabled = true
): FinishedJobs {
  const [jobs, setJobs] = useState<readonly JobView[]>([])
  const [inserting, setInserting] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)

  useEffect(() => {
    if (!enabled || Object.keys(started).length === 0) return
    let live = true
    client
      .jobs()
      .then((list) => {
        const { finished, settled } = pickFinishedJobs(list.jobs, started)
        if (settled.length > 0) emit<ForgetJobsHandler>('FORGET_JOBS', settled)
        if (live) setJobs(finished)
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [client, started, enabled])

  const insert = useCallback(async () => {
    setInserting(true)
    // One run: every placed layer is selected together, as one undo step.
    const runId = createRequestId()
    const outcome = await insertFinishedJobsAsync(client, jobs, started, (request) =>
      requestInsertAsync({ ...request, runId })
    )
    emit<RunFinishedHandler>('RUN_FINISHED', runId)
    setInserting(false)
    setJobs([])
    // Said once, in the banner; the job is not offered again on the next open, where it would fail again.
    if (outcome.unplaceable.length > 0) emit<ForgetJobsHandler>('FORGET_JOBS', outcome.unplaceable)
    setError(outcome.errors.length > 0 ? outcome.errors.join('\n') : undefined)
    if (outcome.placed > 0) {
      const summary = `Placed ${outcome.placed} ${pluralize(outcome.placed, 'relit layer')} on the canvas.`
      emit<NotifyHandler>('NOTIFY', summary, { error: false })
    }
  }, [client, jobs, started])

  const dismiss = useCallback(() => {
    setJobs([])
    setError(undefined)
  }, [])

  return { jobs, inserting, insert, dismiss, ...(error ? { error } : {}) }
}

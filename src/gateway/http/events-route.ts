/**
 * `GET /v1/jobs/:id/events`: the job's view as a server-sent event on every change, heartbeat comments
 * in between, and the end of the stream after a final state. A finished job sends one event and ends.
 *
 * Every event carries `id:` (rising with every change of the job) and the first block `retry:`. A client
 * that reconnects with `Last-Event-ID` gets only the events after that id, or the current view when the
 * gateway no longer keeps them all (or restarted since); one that already has the final view gets an
 * empty stream.
 */
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'

import { isFinalStatus } from '../../protocol/api.js'
import type { StillAllowed } from '../auth/caller.js'
import type { JobEvent, JobService } from '../jobs/service.js'
import type { GatewayEnv } from './context.js'

/** How long a client waits before reconnecting a dropped stream (sent as `retry:`; Relight's client default). */
export const SSE_RETRY_MS = 1000

/** The header's event id, when it is one this gateway could have sent (a non-negative integer). */
function lastEventId(header: string | undefined): number | undefined {
  const value = header?.trim()
  return value && /^\d{1,16}$/.test(value) ? Number(value) : undefined
}

/** How often an open stream asks whether its caller is still allowed (a token revoked meanwhile). */
const RECHECK_MS = 2_000

export function eventsRoute(jobs: JobService, heartbeatMs: number, stillAllowed?: StillAllowed) {
  return async (c: Context<GatewayEnv>): Promise<Response> => {
    const caller = c.get('caller')
    const owner = caller.owner
    const id = c.req.param('id')!
    await jobs.get(owner, id) // 404 before the stream starts
    const resumeFrom = lastEventId(c.req.header('Last-Event-ID'))
    c.header('Cache-Control', 'no-cache, no-transform')
    c.header('X-Accel-Buffering', 'no')
    return streamSSE(c, async (stream) => {
      const pending: JobEvent[] = []
      let wake: (() => void) | undefined
      const nudge = (): void => {
        wake?.()
        wake = undefined
      }
      const unsubscribe = jobs.subscribe(id, (event) => {
        pending.push(event)
        nudge()
      })
      const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n').catch(nudge), heartbeatMs)
      // A revoked token's stream ends; a reconnect then gets the 401 that says why.
      let revoked = false
      const recheck = stillAllowed
        ? setInterval(
            () =>
              void stillAllowed(caller).then(
                (allowed) => {
                  if (allowed) return
                  revoked = true
                  nudge()
                },
                () => undefined // the auth database is busy: ask again at the next tick
              ),
            Math.min(heartbeatMs, RECHECK_MS)
          )
        : undefined
      stream.onAbort(nudge)
      jobs.closed.addEventListener('abort', nudge)
      try {
        let latest = await jobs.latestEvent(owner, id)
        const missed = resumeFrom === undefined ? undefined : await jobs.eventsSince(id, resumeFrom)
        // What the client already has: nothing, unless every event after its id is still kept.
        let sentId = missed ? resumeFrom! : 0
        pending.unshift(...(missed ?? [latest]))
        let retry: number | undefined = SSE_RETRY_MS
        if (pending.every((event) => event.id <= sentId)) {
          await stream.write(`retry: ${retry}\n\n`)
          retry = undefined
        }
        while (!stream.aborted && !jobs.closed.aborted && !revoked) {
          const event = pending.shift()
          if (!event) {
            if (isFinalStatus(latest.status) && sentId >= latest.id) break
            await new Promise<void>((resolve) => (wake = resolve))
            continue
          }
          if (event.id > latest.id) latest = event
          if (event.id <= sentId) continue
          await stream.writeSSE({ id: String(event.id), data: event.data, retry })
          retry = undefined
          sentId = event.id
          if (isFinalStatus(event.status)) break
        }
      } finally {
        clearInterval(heartbeat)
        clearInterval(recheck)
        unsubscribe()
        jobs.closed.removeEventListener('abort', nudge)
      }
    })
  }
}

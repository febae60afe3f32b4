/**
 * `GET /v1/jobs/:id/events`: the job's view as a server-sent event on every change, heartbeat comments
 * in between, and the end of the stream after a final state. A finished job sends one event and ends.
 */
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'

import { isFinalStatus, type JobView } from '../../protocol/api.js'
import type { StillAllowed } from '../auth.js'
import type { JobService } from '../jobs/service.js'
import type { GatewayEnv } from './context.js'

/** How often an open stream asks whether its caller is still allowed (a token revoked meanwhile). */
const RECHECK_MS = 2_000

export function eventsRoute(jobs: JobService, heartbeatMs: number, stillAllowed?: StillAllowed) {
  return async (c: Context<GatewayEnv>): Promise<Response> => {
    const caller = c.get('caller')
    const owner = caller.owner
    const id = c.req.param('id')!
    await jobs.get(owner, id) // 404 before the stream starts
    c.header('Cache-Control', 'no-cache, no-transform')
    c.header('X-Accel-Buffering', 'no')
    return streamSSE(c, async (stream) => {
      const pending: JobView[] = []
      let wake: (() => void) | undefined
      const nudge = (): void => {
        wake?.()
        wake = undefined
      }
      const unsubscribe = jobs.subscribe(id, (view) => {
        pending.push(view)
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
        pending.unshift(await jobs.get(owner, id))
        let last = ''
        while (!stream.aborted && !jobs.closed.aborted && !revoked) {
          const view = pending.shift()
          if (!view) {
            await new Promise<void>((resolve) => (wake = resolve))
            continue
          }
          const data = JSON.stringify(view)
          if (data === last) continue
          last = data
          await stream.writeSSE({ data })
          if (isFinalStatus(view.status)) break
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

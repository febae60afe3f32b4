/**
 * `GET /v1/jobs/:id/events`: the job's view as a server-sent event on every change, heartbeat comments
 * in between, and the end of the stream after a final state. A finished job sends one event and ends.
 */
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'

import { isFinalStatus, type JobView } from '../../protocol/api.js'
import type { JobService } from '../jobs/service.js'
import type { GatewayEnv } from './context.js'

export function eventsRoute(jobs: JobService, heartbeatMs: number) {
  return async (c: Context<GatewayEnv>): Promise<Response> => {
    const owner = c.get('caller').owner
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
      stream.onAbort(nudge)
      jobs.closed.addEventListener('abort', nudge)
      try {
        pending.unshift(await jobs.get(owner, id))
        let last = ''
        while (!stream.aborted && !jobs.closed.aborted) {
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
        unsubscribe()
        jobs.closed.removeEventListener('abort', nudge)
      }
    })
  }
}

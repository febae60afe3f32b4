/** `GET /v1/realtime` (can Live run here, and why not) and `POST /v1/realtime/tickets` (one connection). */
import { Hono } from 'hono'

import type { GatewayEnv } from '../http/context.js'
import { allowOnly } from '../http/middleware.js'
import type { RealtimeHub } from './hub.js'

export function realtimeRoutes(hub: Pick<RealtimeHub, 'status' | 'issue'>): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>()
  routes.get('/', (c) => c.json(hub.status()))
  routes.all('/', allowOnly('GET'))
  routes.post('/tickets', (c) => c.json(hub.issue(c.get('caller')), 201))
  routes.all('/tickets', allowOnly('POST'))
  return routes
}

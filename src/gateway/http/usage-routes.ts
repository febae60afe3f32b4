/** `GET /v1/usage`: the caller's images today against the daily quota, and the request rate. */
import { Hono } from 'hono'

import type { UsageView } from '../../protocol/api.js'
import type { Caller } from '../auth/caller.js'
import type { GatewayEnv } from './context.js'
import { allowOnly } from './middleware.js'

export type UsageSource = (caller: Caller) => Promise<UsageView>

export function usageRoutes(usage: UsageSource): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>()
  routes.get('/', async (c) => c.json(await usage(c.get('caller'))))
  routes.all('/', allowOnly('GET'))
  return routes
}

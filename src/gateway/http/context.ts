import type { Caller } from '../auth.js'
import type { Logger } from '../log.js'

/** Per-request values the middleware sets for the routes. */
export interface GatewayEnv {
  Variables: {
    requestId: string
    log: Logger
    caller: Caller
  }
}

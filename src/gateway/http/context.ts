import type { Caller } from '../auth/caller.js'
import type { Logger } from '../log.js'

/** Per-request values the middleware sets for the routes. */
export interface GatewayEnv {
  Variables: {
    requestId: string
    log: Logger
    caller: Caller
    /** Set with every error answer, so the request log can say why a request failed. */
    failure: { code: string; field?: string }
  }
}

/** The HTTP edge's cross-cutting parts: request ids and logs, CORS, body limit, auth, errors. */
import { randomUUID } from 'node:crypto'

import type { Context, ErrorHandler, Handler, MiddlewareHandler, NotFoundHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'

import type { ErrorBody } from '../../protocol/api.js'
import type { Authenticate } from '../auth.js'
import { headersOf } from '../auth/refusals.js'
import type { GatewayConfig } from '../env.js'
import { GatewayError, INTERNAL_ERROR_MESSAGE } from '../errors.js'
import type { Logger } from '../log.js'
import type { GatewayEnv } from './context.js'

export const REQUEST_ID_HEADER = 'X-Request-Id'

/** Gives each request an id and logs one line when it is answered; headers are never logged. */
export function requestLog(logger: Logger): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const requestId = randomUUID()
    const started = performance.now()
    const log = logger.child({ requestId })
    c.set('requestId', requestId)
    c.set('log', log)
    await next()
    c.header(REQUEST_ID_HEADER, requestId)
    const caller = c.get('caller')
    // Why it failed, for an admin: the error's code and field only (never a header or the body).
    const failure = c.res.status >= 400 ? c.get('failure') : undefined
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        ...(caller ? { caller: caller.name } : {}),
        ...(failure ? { code: failure.code, ...(failure.field ? { field: failure.field } : {}) } : {})
      },
      'request'
    )
  }
}

/** Admits the Figma plugin iframe (Origin `null`) and the configured origins; no one else. */
export function corsFor(config: Pick<GatewayConfig, 'corsOrigins'>): MiddlewareHandler<GatewayEnv> {
  const admitted = new Set(['null', ...config.corsOrigins])
  return cors({
    origin: (origin) => (admitted.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Idempotency-Key', 'Content-Type', 'Last-Event-ID'],
    exposeHeaders: [REQUEST_ID_HEADER, 'Retry-After', 'Location', 'Idempotent-Replayed'],
    maxAge: 600
  })
}

/** Field names worth logging: the API's own (`numImages`, `options.rim`), not arbitrary client text. */
const LOGGABLE_FIELD = /^[\w.-]{1,64}$/

function errorJson(c: Context, status: number, body: ErrorBody): Response {
  const { code, field } = body.error
  const gateway = c as Context<GatewayEnv>
  gateway.set('failure', { code, ...(field && LOGGABLE_FIELD.test(field) ? { field } : {}) })
  return c.json(body, status as 400)
}

export function limitBody(maxBytes: number): MiddlewareHandler<GatewayEnv> {
  const mb = Math.round((maxBytes / 1024 ** 2) * 10) / 10
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      // The rest of the upload is not read: tell the client not to reuse this connection.
      c.header('Connection', 'close')
      return errorJson(c, 413, {
        error: {
          code: 'body_too_large',
          message: `The upload is larger than this gateway accepts (${mb} MB). Export the layer smaller and try again.`
        }
      })
    }
  })
}

export function authenticate(auth: Authenticate): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    c.set('caller', await auth(c.req.raw.headers))
    await next()
  }
}

export const onError: ErrorHandler<GatewayEnv> = (err, c) => {
  const log = c.get('log')
  if (err instanceof GatewayError) {
    if (err.status >= 500) log?.error({ err }, err.message)
    for (const [name, value] of Object.entries(headersOf(err))) c.header(name, value)
    return errorJson(c, err.status, err.toBody())
  }
  if (err instanceof HTTPException && err.status < 500) {
    return errorJson(c, err.status, {
      error: { code: 'bad_request', message: err.message || 'Bad request.' }
    })
  }
  log?.error({ err }, 'unhandled error')
  return errorJson(c, 500, { error: { code: 'internal_error', message: INTERNAL_ERROR_MESSAGE } })
}

/** The handler for a known path asked with another method: 405 with `Allow` and a JSON error. */
export function allowOnly(...methods: readonly string[]): Handler<GatewayEnv> {
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ')
  return (c) => {
    c.header('Allow', allow)
    return errorJson(c, 405, {
      error: {
        code: 'method_not_allowed',
        message: `${c.req.method} is not allowed on ${c.req.path}; use ${methods.join(' or ')}.`
      }
    })
  }
}

export const notFound: NotFoundHandler<GatewayEnv> = (c) =>
  errorJson(c, 404, {
    error: {
      code: 'not_found',
      message: `There is no ${c.req.method} ${c.req.path} on this gateway. Check the gateway URL in the plugin's settings.`
    }
  })

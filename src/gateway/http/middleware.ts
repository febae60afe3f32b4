/** The HTTP edge's cross-cutting parts: request ids and logs, CORS, body limit, auth, errors. */
import { randomUUID } from 'node:crypto'

import type { Context, ErrorHandler, Handler, MiddlewareHandler, NotFoundHandler } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'

import type { ErrorBody } from '../../protocol/api.js'
import type { Authenticate, Caller } from '../auth/caller.js'
import type { GatewayConfig } from '../env.js'
import { clip, GatewayError, INTERNAL_ERROR_MESSAGE } from '../errors.js'
import type { Logger } from '../log.js'
import type { GatewayEnv } from './context.js'
import { bodyTooLarge } from './relight-form.js'

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
        path: clip(c.req.path, 200),
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
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Idempotency-Key', 'Content-Type', 'Last-Event-ID'],
    exposeHeaders: [REQUEST_ID_HEADER, 'Retry-After', 'Location', 'Idempotent-Replayed'],
    maxAge: 600
  })
}

/** Field names worth logging: the API's own (`numImages`, `options.rim`), not arbitrary client text. */
const LOGGABLE_FIELD = /^[\w.-]{1,64}$/

/** Messages and fields quoted back are bounded even where a message forgot to clip what it quotes. */
const MESSAGE_MAX = 800

function errorJson(c: Context, status: number, body: ErrorBody): Response {
  const { code, field, message, hint } = body.error
  const gateway = c as Context<GatewayEnv>
  gateway.set('failure', { code, ...(field && LOGGABLE_FIELD.test(field) ? { field } : {}) })
  const bounded = {
    error: {
      code,
      message: clip(message, MESSAGE_MAX),
      ...(field !== undefined ? { field: clip(field, 100) } : {}),
      ...(hint
        ? { hint: hint.kind === 'field' ? { kind: 'field' as const, field: clip(hint.field, 100) } : hint }
        : {})
    }
  }
  return c.json(bounded satisfies ErrorBody, status as 400)
}

/**
 * Refuses a body whose Content-Length is over the limit before reading any of it. A body without one
 * (chunked) is counted where it is read (the relight form), and refused as soon as it passes the limit.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const length = c.req.header('content-length')
    if (length !== undefined && !c.req.header('transfer-encoding') && Number(length) > maxBytes) {
      throw bodyTooLarge(maxBytes)
    }
    await next()
  }
}

/** Looks up whether an Idempotency-Key already made one of the owner's jobs. */
export interface RetryLookup {
  isRetry(owner: string, idempotencyKey: string): Promise<boolean>
}

export function authenticate(auth: Authenticate, retries?: RetryLookup): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const key =
      c.req.method === 'POST' && c.req.path === '/v1/relight' ? c.req.header('idempotency-key') : undefined
    const uncounted =
      key !== undefined && retries ? (caller: Caller) => retries.isRetry(caller.owner, key) : undefined
    c.set('caller', await auth(c.req.raw.headers, uncounted ? { uncounted } : {}))
    await next()
  }
}

export const onError: ErrorHandler<GatewayEnv> = (err, c) => {
  const log = c.get('log')
  if (err instanceof GatewayError) {
    if (err.status >= 500) log?.error({ err }, err.message)
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value)
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
        message: `${c.req.method} is not allowed on ${clip(c.req.path)}; use ${methods.join(' or ')}.`
      }
    })
  }
}

export const notFound: NotFoundHandler<GatewayEnv> = (c) =>
  errorJson(c, 404, {
    error: {
      code: 'not_found',
      message: `There is no ${clip(c.req.method, 16)} ${clip(c.req.path)} on this gateway.`,
      // A wrong path usually means a wrong gateway address: each client says where to fix it.
      hint: { kind: 'url' }
    }
  })

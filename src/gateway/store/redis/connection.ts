/**
 * Connections to the shared Redis (`REDIS_URL`). Commands fail fast while Redis is away instead of
 * queueing: a request then gets a clear 503 at once, and the client reconnects by itself in the
 * background, so the gateway recovers without a restart when Redis is back.
 */
import { Redis, type RedisOptions } from 'ioredis'

import { GatewayError } from '../../errors.js'

/** Key prefix of everything Relight keeps in Redis; tests give each store its own. */
export const DEFAULT_PREFIX = 'relight:'

const RETRY_CAP_MS = 2_000

export function redisOptions(extra: RedisOptions = {}): RedisOptions {
  return {
    // Fail a command at once while disconnected; reconnect forever with a capped backoff.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 100, RETRY_CAP_MS),
    connectTimeout: 5_000,
    ...extra
  }
}

/** Connects and waits until Redis answers; rejects with a readable error when it cannot be reached. */
export async function connectRedis(url: string, extra: RedisOptions = {}): Promise<Redis> {
  const redis = new Redis(url, redisOptions({ lazyConnect: true, ...extra }))
  redis.on('error', () => {}) // reported through failing commands and /healthz, not as crashes
  try {
    await redis.connect()
    await redis.ping()
  } catch (error) {
    redis.disconnect()
    throw new Error(`Cannot reach Redis at ${safeUrl(url)}: ${(error as Error).message}`)
  }
  return redis
}

/** The URL without its password, for messages and logs. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.href
  } catch {
    return 'the configured REDIS_URL'
  }
}

export const REDIS_UNAVAILABLE_MESSAGE =
  'The gateway cannot reach its shared Redis right now, so it cannot read or store relights. ' +
  'Try again in a moment; if it keeps failing, ask your admin to check Redis.'

export function redisUnavailable(): GatewayError {
  return new GatewayError(503, 'redis_unavailable', REDIS_UNAVAILABLE_MESSAGE)
}

/** Errors of the connection (not of Relight's own checks) become the 503 above. */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof GatewayError) return error
  const message = error instanceof Error ? error.message : ''
  const connectionTrouble =
    /Stream isn't writeable|Connection is closed|connection is not ready|ECONNREFUSED|ECONNRESET|ETIMEDOUT|max retries|LOADING|MaxRetriesPerRequest/i.test(
      message
    )
  return connectionTrouble ? redisUnavailable() : error
}

/** Runs a Redis call, turning a lost connection into the 503. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw asUnavailable(error)
  }
}

/**
 * Realtime (Live) settings from the environment, read by env.ts like every other setting. Throws a
 * `ConfigError` naming the variable.
 */
import { baseUrlSetting } from '../base-url-setting.js'
import { ConfigError } from '../config-error.js'
import { parseDuration } from '../jobs/retention.js'

export interface RealtimeSettings {
  /** RELIGHT_REALTIME=off turns Live off for everyone using this gateway (on by default, with a fal key). */
  readonly enabled: boolean
  /** fal's realtime WebSocket base (FAL_REALTIME_URL), wss://fal.run by default. */
  readonly url: string
  /** fal's REST base where temporary tokens are minted (FAL_REST_URL), https://rest.fal.ai by default. */
  readonly restUrl: string
  /** A Live connection without a frame for this long is closed (RELIGHT_REALTIME_IDLE, "60s"). */
  readonly idleMs: number
  /** A frame fal has not answered after this long fails, so the next one can go (RELIGHT_REALTIME_FRAME_TIMEOUT). */
  readonly frameTimeoutMs: number
  /** How long a ticket from `POST /v1/realtime/tickets` may wait before it is used. */
  readonly ticketTtlMs: number
}

type Env = Readonly<Record<string, string | undefined>>

/**
 * A base URL for fal: wss/https anywhere, ws/http only on loopback (a fake); no credentials, query or
 * fragment. https is accepted for the socket and means wss, the way fal's own client builds the URL.
 */
function baseUrl(env: Env, name: string, fallback: string, socket: boolean): string {
  return baseUrlSetting(
    env,
    name,
    fallback,
    socket
      ? { secure: ['https:', 'wss:'], plain: ['http:', 'ws:'], wanted: 'a wss or https URL' }
      : { secure: ['https:'], plain: ['http:'], wanted: 'an https URL' }
  )
}

function duration(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  const ms = parseDuration(raw)
  if (ms === undefined) throw new ConfigError(`${name} must be a duration like "60s" or "5m" (got "${raw}").`)
  return ms
}

export function realtimeSettings(env: Env): RealtimeSettings {
  const raw = (env.RELIGHT_REALTIME ?? '').trim().toLowerCase() || 'on'
  if (raw !== 'on' && raw !== 'off') {
    throw new ConfigError(`RELIGHT_REALTIME must be "on" or "off" (got "${raw}").`)
  }
  return {
    enabled: raw === 'on',
    url: baseUrl(env, 'FAL_REALTIME_URL', 'wss://fal.run', true),
    restUrl: baseUrl(env, 'FAL_REST_URL', 'https://rest.fal.ai', false),
    idleMs: duration(env, 'RELIGHT_REALTIME_IDLE', 60_000),
    frameTimeoutMs: duration(env, 'RELIGHT_REALTIME_FRAME_TIMEOUT', 20_000),
    ticketTtlMs: 30_000
  }
}

/** The socket URL for an app, e.g. wss://fal.run/fal-ai/lcm-sd15-i2i/realtime (https → wss). */
export function socketUrl(base: string, app: string): string {
  return `${base.replace(/^http/, 'ws')}/${app}/realtime`
}

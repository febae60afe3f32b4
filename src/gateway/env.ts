/**
 * The gateway's configuration, parsed and validated once at start. Nothing else in the gateway reads
 * `process.env`: everything downstream receives a `GatewayConfig`.
 */
import { MODELS, type ProviderName } from '../protocol/catalog.js'
import { type AccessSettings, accessSettings } from './auth/settings.js'
import { baseUrlSetting } from './base-url-setting.js'
import { ConfigError } from './config-error.js'
import { DEFAULT_RETENTION_MS, parseDuration } from './jobs/retention.js'
import { loraSettingsFrom } from './providers/fal/lora-env.js'
import type { FalLoraSettings } from './providers/fal/map-lora.js'
import { type RealtimeSettings, realtimeSettings } from './realtime/config.js'
import { type DataKey, parseDataKeys } from './store/at-rest.js'

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
const PROVIDERS: readonly ProviderName[] = ['local', 'fal', 'replicate', 'segmind']

/** Tokens, rate limit and quota settings (auth/settings.ts) are part of it. */
export interface GatewayConfig extends AccessSettings {
  readonly host: string
  readonly port: number
  readonly maxBodyBytes: number
  readonly maxPixels: number
  /** Origins admitted by CORS besides `null` (the Figma plugin iframe), which is always admitted. */
  readonly corsOrigins: readonly string[]
  /**
   * Host names (RELIGHT_PUBLIC_HOST) a request may address besides the loopback names, while auth is off.
   * Refusing other names stops DNS rebinding: a page whose name resolves to 127.0.0.1.
   */
  readonly publicHosts: readonly string[]
  /** Open connections at once (RELIGHT_MAX_CONNECTIONS); more are closed as they arrive. */
  readonly maxConnections: number
  /** Open connections at once from one client address (RELIGHT_MAX_CONNECTIONS_PER_ADDRESS). */
  readonly maxConnectionsPerAddress: number
  /** Time a client gets to send a request's headers (RELIGHT_HEADERS_TIMEOUT_MS). */
  readonly headersTimeoutMs: number
  /** Time a client gets to send a whole request, upload included (RELIGHT_REQUEST_TIMEOUT_MS). */
  readonly requestTimeoutMs: number
  /** How long an idle kept-alive connection stays open (RELIGHT_KEEP_ALIVE_TIMEOUT_MS). */
  readonly keepAliveTimeoutMs: number
  /** Where the SQLite jobs database and the image files live (`npm run gateway`); tests use a temp dir. */
  readonly dataDir: string
  /** How long a finished job and its images are kept (RELIGHT_RETENTION: "24h", "90m", "7d"). */
  readonly retentionMs: number
  /** How often the sweeper deletes expired jobs (RELIGHT_SWEEP_INTERVAL). */
  readonly sweepIntervalMs: number
  /**
   * RELIGHT_KEEP_AFTER_INSERT: results are deleted this long after the plugin reports them placed, when
   * that is sooner than the retention; undefined keeps them for the retention.
   */
  readonly keepAfterInsertMs: number | undefined
  /** RELIGHT_DATA_KEY: stored images are encrypted with the first key, read with any; empty = plain files. */
  readonly dataKeys: readonly DataKey[]
  /** RELIGHT_LOG_PROMPTS=1: prompts may appear in log lines; otherwise they never do. */
  readonly logPrompts: boolean
  readonly logLevel: LogLevel
  /** In-flight provider calls allowed at once, per provider; more jobs wait in a FIFO queue. */
  readonly concurrency: Readonly<Record<ProviderName, number>>
  /** SSE heartbeat comment interval. */
  readonly heartbeatMs: number
  /** A job still unfinished after this long fails with a timeout. */
  readonly jobTimeoutMs: number
  /** Provider keys by the catalog's `keyEnv` name; only the names the catalog uses are read. */
  readonly keys: Readonly<Record<string, string | undefined>>
  /** Provider base URLs: FAL_QUEUE_URL, REPLICATE_API_URL, SEGMIND_API_URL (a proxy, a mirror, a fake). */
  readonly providerUrls: Readonly<{ fal: string; replicate: string; segmind: string }>
  /** The IC-Light setup for fal/lora-image-to-image (RELIGHT_FAL_LORA_BASE_MODEL, …); empty = defaults. */
  readonly falLora: Partial<FalLoraSettings>
  /** Shared state for several instances (REDIS_URL); unset = SQLite in the data directory. */
  readonly redisUrl?: string
  /** Prefix of every Redis key and channel (RELIGHT_REDIS_PREFIX), so deployments can share one Redis. */
  readonly redisPrefix: string
  /** How long a dead instance's running jobs wait before another takes them over (RELIGHT_TAKEOVER_MS). */
  readonly takeoverMs: number
  /** Live (fal's realtime socket): RELIGHT_REALTIME, FAL_REALTIME_URL, FAL_REST_URL, RELIGHT_REALTIME_IDLE. */
  readonly realtime: RealtimeSettings
}

export { ConfigError }

type Env = Readonly<Record<string, string | undefined>>

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`)
  }
  return value
}

/** "30mb", "512kb", "1048576" → bytes. */
function bytes(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim().toLowerCase()
  if (raw === undefined || raw === '') return fallback
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/.exec(raw)
  const units = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const
  const value = match ? Math.round(Number(match[1]) * units[(match[2] ?? 'b') as keyof typeof units]) : NaN
  if (!Number.isFinite(value) || value < 1024) {
    throw new ConfigError(`${name} must be a size of at least 1kb, like "30mb" (got "${raw}").`)
  }
  return value
}

function duration(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  const ms = parseDuration(raw)
  if (ms === undefined) {
    throw new ConfigError(`${name} must be a duration like "24h", "90m" or "7d" (got "${raw}").`)
  }
  return ms
}

/** RELIGHT_KEEP_AFTER_INSERT: a duration, "0" (delete at the next sweep), or unset/"retention". */
function keepAfterInsert(env: Env): number | undefined {
  const raw = env.RELIGHT_KEEP_AFTER_INSERT?.trim()
  if (raw === undefined || raw === '' || raw.toLowerCase() === 'retention') return undefined
  if (raw === '0') return 0
  const ms = parseDuration(raw)
  if (ms === undefined) {
    throw new ConfigError(
      `RELIGHT_KEEP_AFTER_INSERT must be a duration like "1h", "30m" or "0" (got "${raw}"); leave it unset to keep results for RELIGHT_RETENTION.`
    )
  }
  return ms
}

function dataKeys(env: Env): DataKey[] {
  const raw = env.RELIGHT_DATA_KEY?.trim()
  if (!raw) return []
  try {
    return parseDataKeys(raw)
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase()
  if (raw === '' || raw === '0' || raw === 'false') return false
  if (raw === '1' || raw === 'true') return true
  throw new ConfigError(`${name} must be 1 or 0 (got "${raw}").`)
}

function origins(env: Env): string[] {
  const raw = env.RELIGHT_CORS_ORIGINS ?? ''
  const list = raw
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean)
  for (const origin of list) {
    if (origin !== 'null' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        `RELIGHT_CORS_ORIGINS must be a comma-separated list of origins like https://example.com (got "${origin}").`
      )
    }
  }
  return list.filter((origin) => origin !== 'null')
}

/** "relight.example.com, studio.lan" → lower-case host names, each with an optional port. */
function publicHosts(env: Env): string[] {
  const list = (env.RELIGHT_PUBLIC_HOST ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean)
  for (const host of list) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(host)) {
      throw new ConfigError(
        `RELIGHT_PUBLIC_HOST must be host names like relight.example.com, comma-separated, without http:// (got "${host}").`
      )
    }
  }
  return list
}

interface ConnectionSettings {
  readonly maxConnections: number
  readonly maxConnectionsPerAddress: number
  readonly headersTimeoutMs: number
  readonly requestTimeoutMs: number
  readonly keepAliveTimeoutMs: number
}

function connections(env: Env): ConnectionSettings {
  const settings = {
    maxConnections: integer(env, 'RELIGHT_MAX_CONNECTIONS', 2048, 1, 1_000_000),
    maxConnectionsPerAddress: integer(env, 'RELIGHT_MAX_CONNECTIONS_PER_ADDRESS', 256, 1, 1_000_000),
    headersTimeoutMs: integer(env, 'RELIGHT_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    requestTimeoutMs: integer(env, 'RELIGHT_REQUEST_TIMEOUT_MS', 300_000, 100, 3_600_000),
    keepAliveTimeoutMs: integer(env, 'RELIGHT_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000)
  }
  if (settings.requestTimeoutMs < settings.headersTimeoutMs) {
    throw new ConfigError(
      `RELIGHT_REQUEST_TIMEOUT_MS (${settings.requestTimeoutMs}) must be at least RELIGHT_HEADERS_TIMEOUT_MS (${settings.headersTimeoutMs}).`
    )
  }
  return settings
}

function logLevel(env: Env): LogLevel {
  const raw = (env.RELIGHT_LOG_LEVEL ?? 'info').trim().toLowerCase()
  if (!LOG_LEVELS.includes(raw as LogLevel)) {
    throw new ConfigError(`RELIGHT_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${raw}").`)
  }
  return raw as LogLevel
}

function concurrency(env: Env): Record<ProviderName, number> {
  const all = integer(env, 'RELIGHT_CONCURRENCY', 2, 1, 256)
  const entries = PROVIDERS.map((name) => {
    const key = `RELIGHT_CONCURRENCY_${name.toUpperCase()}`
    return [name, integer(env, key, all, 1, 256)] as const
  })
  return Object.fromEntries(entries) as Record<ProviderName, number>
}

function keys(env: Env): Record<string, string | undefined> {
  const names = new Set(MODELS.flatMap((model) => (model.keyEnv ? [model.keyEnv] : [])))
  return Object.fromEntries([...names].map((name) => [name, env[name]?.trim() || undefined]))
}

/** A provider base URL: https, or http on loopback only (fakes). */
function providerUrl(env: Env, name: string, fallback: string): string {
  return baseUrlSetting(env, name, fallback, { secure: ['https:'], plain: ['http:'], wanted: 'an https URL' })
}

/** REDIS_URL: redis:// or rediss:// (TLS), optionally with a password and a database number. */
function redisUrl(env: Env): { redisUrl?: string } {
  const raw = env.REDIS_URL?.trim()
  if (!raw) return {}
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    throw new ConfigError(
      'REDIS_URL must look like redis://host:6379 or rediss://:password@host:6380/0 (the value is not shown).'
    )
  }
  return { redisUrl: raw }
}

function redisPrefix(env: Env): string {
  const raw = (env.RELIGHT_REDIS_PREFIX ?? 'relight:').trim()
  if (!/^[A-Za-z0-9_.:-]{1,64}:$/.test(raw)) {
    throw new ConfigError(
      `RELIGHT_REDIS_PREFIX must be letters, digits, "_", ".", "-" or ":" ending in ":", like "relight:" (got "${raw.slice(0, 70)}").`
    )
  }
  return raw
}

/** Parses the environment; throws `ConfigError` with one line naming the variable and the fix. */
export function loadConfig(env: Env): GatewayConfig {
  const host = (env.HOST ?? '127.0.0.1').trim()
  if (!host) throw new ConfigError('HOST must not be empty; use 127.0.0.1 for this machine only.')
  return {
    host,
    port: integer(env, 'PORT', 8787, 0, 65535),
    maxBodyBytes: bytes(env, 'RELIGHT_MAX_BODY_BYTES', 30 * 1024 ** 2),
    maxPixels: integer(env, 'RELIGHT_MAX_PIXELS', 40_000_000, 1, 1_000_000_000),
    corsOrigins: origins(env),
    publicHosts: publicHosts(env),
    ...connections(env),
    dataDir: (env.RELIGHT_DATA_DIR ?? '.data').trim() || '.data',
    retentionMs: duration(env, 'RELIGHT_RETENTION', DEFAULT_RETENTION_MS),
    sweepIntervalMs: duration(env, 'RELIGHT_SWEEP_INTERVAL', 10 * 60_000),
    keepAfterInsertMs: keepAfterInsert(env),
    dataKeys: dataKeys(env),
    logPrompts: flag(env, 'RELIGHT_LOG_PROMPTS'),
    logLevel: logLevel(env),
    concurrency: concurrency(env),
    heartbeatMs: integer(env, 'RELIGHT_HEARTBEAT_MS', 15_000, 100, 600_000),
    jobTimeoutMs: integer(env, 'RELIGHT_JOB_TIMEOUT_MS', 10 * 60_000, 1000, 24 * 3600_000),
    keys: keys(env),
    providerUrls: {
      fal: providerUrl(env, 'FAL_QUEUE_URL', 'https://queue.fal.run'),
      replicate: providerUrl(env, 'REPLICATE_API_URL', 'https://api.replicate.com/v1'),
      segmind: providerUrl(env, 'SEGMIND_API_URL', 'https://api.segmind.com/v1')
    },
    falLora: loraSettingsFrom(env),
    ...redisUrl(env),
    redisPrefix: redisPrefix(env),
    takeoverMs: integer(env, 'RELIGHT_TAKEOVER_MS', 30_000, 1000, 600_000),
    realtime: realtimeSettings(env),
    ...accessSettings(env)
  }
}

/** A configuration for tests and embedding: the defaults with some fields replaced. */
export function configWith(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return { ...loadConfig({}), ...overrides }
}

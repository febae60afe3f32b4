/**
 * How long a finished job and its images are kept (`RELIGHT_RETENTION`), and when a job expires: at the
 * moment it reaches a final state, plus the retention; or, once the plugin reports its results placed,
 * `RELIGHT_KEEP_AFTER_INSERT` after that, when sooner. Unfinished jobs never expire.
 */
import { isFinalStatus } from '../../protocol/api.js'
import type { JobPatch, JobRecord } from './types.js'

export const DEFAULT_RETENTION_MS = 24 * 3600_000

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 }

/** "24h", "90m", "7d", "30s" → milliseconds; undefined when unreadable or not positive. */
export function parseDuration(raw: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/i.exec(raw.trim())
  if (!match) return undefined
  const ms = Math.round(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!)
  return ms > 0 ? ms : undefined
}

/**
 * The `expiresAt` a patch sets: when it moves the job into a final state, or when it marks the job
 * inserted and `keepAfterInsertMs` ends sooner than the expiry already set.
 */
export function expiryFor(
  job: JobRecord,
  patch: JobPatch,
  now: string,
  retentionMs: number,
  keepAfterInsertMs?: number
): string | undefined {
  if (patch.insertedAt && !job.insertedAt && keepAfterInsertMs !== undefined) {
    const grace = new Date(Date.parse(patch.insertedAt) + keepAfterInsertMs).toISOString()
    const current = job.expiresAt
    return current && current <= grace ? undefined : grace
  }
  if (!patch.status || !isFinalStatus(patch.status) || isFinalStatus(job.status)) return undefined
  return new Date(Date.parse(now) + retentionMs).toISOString()
}

/**
 * Limit settings as text and back: the request rate ("60/min") and the daily image quota ("200/day"),
 * plus the UTC day a quota counts against and when it resets. Pure functions shared by env.ts and the
 * admin command.
 */

export interface RateSetting {
  readonly points: number
  readonly windowSeconds: number
}

const WINDOWS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3600,
  hour: 3600
}

/** "60/min", "5/s", "1000/hour"; a bare number is per minute. Undefined when unreadable. */
export function parseRate(text: string): RateSetting | undefined {
  const match = /^(\d{1,7})\s*(?:\/\s*([a-z]+))?$/.exec(text.trim().toLowerCase())
  if (!match) return undefined
  const points = Number(match[1])
  const windowSeconds = WINDOWS[match[2] ?? 'min']
  return points >= 1 && windowSeconds ? { points, windowSeconds } : undefined
}

export const UNLIMITED = -1

/** "200/day", "200", "unlimited" → images a day (UNLIMITED = -1). Undefined when unreadable. */
export function parseQuota(text: string): number | undefined {
  const raw = text.trim().toLowerCase()
  if (raw === 'unlimited' || raw === 'none') return UNLIMITED
  const match = /^(\d{1,9})\s*(?:\/\s*(?:day|d))?$/.exec(raw)
  return match ? Number(match[1]) : undefined
}

export function formatQuota(quota: number | null | undefined): string {
  return quota === undefined || quota === null || quota < 0 ? 'unlimited' : `${quota}/day`
}

/** The UTC day a quota counts against, e.g. "2026-11-22". */
export function quotaDay(at: Date): string {
  return at.toISOString().slice(0, 10)
}

/** The next 00:00 UTC after `at`: when today's quota resets. */
export function quotaResetAt(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1))
}

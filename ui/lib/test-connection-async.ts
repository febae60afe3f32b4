import { pluralize } from '@create-figma-plugin/utilities'

import { ApiError, type GatewayClient } from '../../src/protocol/client.js'

export interface ConnectionReport {
  readonly ok: boolean
  readonly message: string
}

/**
 * Says exactly what is wrong with the connection: unreachable (health), bad or missing token (models, a
 * `/v1` call), quota used up (usage, or a 429 anywhere).
 */
export async function testConnectionAsync(client: GatewayClient): Promise<ConnectionReport> {
  try {
    const health = await client.health()
    const { models } = await client.models()
    const usage = await client.usage()
    if (usage && usage.remaining === 0) {
      const until = usage.resetAt ? ` until it resets at ${formatResetTime(usage.resetAt)}` : ''
      return { ok: false, message: `Connected, but your quota is used up${until}. Ask your admin for more.` }
    }
    const available = models.filter((model) => model.available).length
    // remaining is null for an unlimited token: say nothing about a quota then.
    const left =
      typeof usage?.remaining === 'number'
        ? ` ${usage.remaining} ${pluralize(usage.remaining, 'image')} left today${
            usage.resetAt ? ` (resets at ${formatResetTime(usage.resetAt)})` : ''
          }.`
        : ''
    return {
      ok: true,
      message: `Connected to the gateway (version ${health.version}). ${available} of ${models.length} ${pluralize(models.length, 'model')} available.${left}`
    }
  } catch (error) {
    // ApiError messages already name the problem: unreachable, token, quota (429 with its wait).
    if (error instanceof ApiError) return { ok: false, message: error.message }
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

/**
 * Reset times the way the gateway words them ("resets at 00:00 UTC"), so every message says the same time:
 * "00:00 UTC", with the date when it is not within the next day.
 */
export function formatResetTime(iso: string, now = Date.now()): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const time = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')} UTC`
  return date.getTime() - now > 24 * 3600_000 ? `${date.toISOString().slice(0, 10)} ${time}` : time
}

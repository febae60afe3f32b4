import { type GatewayClient, GatewayError } from '../../src/protocol/client.js'

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
      const until = usage.resetAt ? ` until ${new Date(usage.resetAt).toLocaleString()}` : ''
      return { ok: false, message: `Connected, but your quota is used up${until}. Ask your admin for more.` }
    }
    const available = models.filter((model) => model.available).length
    // remaining is null for an unlimited token: say nothing about a quota then.
    const left = typeof usage?.remaining === 'number' ? ` ${usage.remaining} images left today.` : ''
    return {
      ok: true,
      message: `Connected to the gateway (version ${health.version}). ${available} of ${models.length} models available.${left}`
    }
  } catch (error) {
    // GatewayError messages already name the problem: unreachable, token, quota (429 with its wait).
    if (error instanceof GatewayError) return { ok: false, message: error.message }
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

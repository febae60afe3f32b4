/**
 * The audit trail in the shared Redis (REDIS_URL): every instance appends to one stream, so
 * `relight-gateway audit` on any machine shows the whole deployment's relights, in the order Redis
 * received them. Append-only like the SQLite trail; its size grows with use (about 400 bytes an entry).
 */
import type { Redis } from 'ioredis'

import type { AuditEntry, AuditQuery } from './audit.js'

/** Stream entries read per round trip while looking for `limit` matches. */
const PAGE = 500

export class RedisAuditTrail {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string
  ) {}

  get #key(): string {
    return `${this.prefix}audit`
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.redis.xadd(this.#key, '*', 'entry', JSON.stringify(entry))
  }

  /** Oldest first, like the SQLite trail: the newest `limit` entries matching `since` and `name`. */
  async query({ since, name, limit = 1000 }: AuditQuery = {}): Promise<AuditEntry[]> {
    const out: AuditEntry[] = []
    let end = '+'
    for (;;) {
      const page = await this.redis.xrevrange(this.#key, end, '-', 'COUNT', String(PAGE))
      for (const [, fields] of page) {
        const entry = JSON.parse(fields[1] ?? '{}') as AuditEntry
        if (since && entry.at < since) return out.reverse()
        if (!name || entry.tokenName === name) out.push(entry)
        if (out.length >= limit) return out.reverse()
      }
      if (page.length < PAGE) return out.reverse()
      end = `(${page.at(-1)![0]}`
    }
  }
}

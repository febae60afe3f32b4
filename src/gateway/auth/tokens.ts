/**
 * Gateway tokens: high-entropy bearer secrets (`rlt_` + 32 random bytes) of which only the SHA-256 is
 * stored. A slow password hash buys nothing for 256 random bits; SHA-256 lets the lookup use an index, and
 * the stored and computed digests are still compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

import type { AuthDb } from './db.js'

export const TOKEN_PREFIX = 'rlt_'
export const TOKEN_SHAPE = /^rlt_[A-Za-z0-9_-]{43}$/
const NAME_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,63}$/u

/** A token as the gateway keeps it; never holds the secret. */
export interface TokenRecord {
  readonly id: string
  readonly name: string
  /** Images a day; null = the gateway default (RELIGHT_DAILY_QUOTA); -1 = unlimited. */
  readonly dailyQuota: number | null
  readonly createdAt: string
  readonly revokedAt: string | null
  readonly lastUsedAt: string | null
}

interface Row {
  id: string
  name: string
  hash: string
  daily_quota: number | null
  created_at: string
  revoked_at: string | null
  last_used_at: string | null
}

export class TokenError extends Error {
  override readonly name = 'TokenError'
}

export const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest()

/** The name as stored (trimmed), or a TokenError saying what a usable name looks like. */
export function tokenName(name: string): string {
  const trimmed = name.trim()
  if (!NAME_SHAPE.test(trimmed)) {
    throw new TokenError(
      `"${name}" is not a usable name: 1 to 64 letters, digits, spaces or . _ @ -, starting with a letter or digit.`
    )
  }
  return trimmed
}

/** A fresh secret and the id its record gets. */
export function newToken(): { token: string; id: string } {
  return {
    token: TOKEN_PREFIX + randomBytes(32).toString('base64url'),
    id: `tok_${randomBytes(6).toString('hex')}`
  }
}

export const nameTaken = (name: string): TokenError =>
  new TokenError(`A token named "${name}" already exists; revoke it first.`)

export const noActiveToken = (nameOrId: string): TokenError =>
  new TokenError(`No active token "${nameOrId}". See \`relight-gateway tokens list\`.`)

/** Whether a stored hex digest is the computed one, in constant time. */
export function sameDigest(storedHex: string, computed: Buffer): boolean {
  const stored = Buffer.from(storedHex, 'hex')
  return stored.length === computed.length && timingSafeEqual(stored, computed)
}

function toRecord(row: Row): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    dailyQuota: row.daily_quota,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at
  }
}

export class TokenStore {
  #anyToken = false

  constructor(
    private readonly db: AuthDb,
    private readonly now: () => Date = () => new Date()
  ) {}

  /** Creates a token and returns its secret: the only time it exists outside the caller's hands. */
  create(name: string, dailyQuota: number | null): { token: string; record: TokenRecord } {
    const trimmed = tokenName(name)
    const taken = this.db.prepare('SELECT 1 FROM tokens WHERE name = ? AND revoked_at IS NULL').get(trimmed)
    if (taken) throw nameTaken(trimmed)
    const { token, id } = newToken()
    const createdAt = this.now().toISOString()
    this.db
      .prepare('INSERT INTO tokens (id, name, hash, daily_quota, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, trimmed, digest(token).toString('hex'), dailyQuota, createdAt)
    return { token, record: this.#byId(id)! }
  }

  list(): TokenRecord[] {
    const rows = this.db.prepare('SELECT * FROM tokens ORDER BY created_at, id').all() as Row[]
    return rows.map(toRecord)
  }

  /** Revokes the active token with this name, or the token with this id; its next request gets a 401. */
  revoke(nameOrId: string): TokenRecord {
    const found = this.#find(nameOrId.trim())
    if (!found) throw noActiveToken(nameOrId)
    if (found.revokedAt) return found
    this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(this.now().toISOString(), found.id)
    return this.#byId(found.id)!
  }

  /** The token a bearer secret belongs to (revoked ones included: the caller says why it is refused). */
  verify(secret: string): TokenRecord | undefined {
    if (!TOKEN_SHAPE.test(secret)) return undefined
    const computed = digest(secret)
    const row = this.db.prepare('SELECT * FROM tokens WHERE hash = ?').get(computed.toString('hex')) as
      Row | undefined
    if (!row || !sameDigest(row.hash, computed)) return undefined
    return toRecord(row)
  }

  touch(id: string): void {
    this.db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(this.now().toISOString(), id)
  }

  byId(id: string): TokenRecord | undefined {
    return this.#byId(id)
  }

  /** Whether any token was ever created: from then on auth stays on, even if every token is revoked. */
  anyToken(): boolean {
    this.#anyToken ||= this.db.prepare('SELECT EXISTS (SELECT 1 FROM tokens) AS n').pluck().get() === 1
    return this.#anyToken
  }

  activeCount(): number {
    return this.db.prepare('SELECT COUNT(*) FROM tokens WHERE revoked_at IS NULL').pluck().get() as number
  }

  #byId(id: string): TokenRecord | undefined {
    const row = this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as Row | undefined
    return row && toRecord(row)
  }

  #find(nameOrId: string): TokenRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM tokens WHERE (name = ? AND revoked_at IS NULL) OR id = ? LIMIT 1')
      .get(nameOrId, nameOrId) as Row | undefined
    return row && toRecord(row)
  }
}

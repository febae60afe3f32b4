/** The token store on its own: hashing, verification, names, revocation, and auth staying on. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'

import { type AuthDb, openAuthDb } from '../../src/gateway/auth/db.js'
import { TokenStore } from '../../src/gateway/auth/tokens.js'

let dir: string | undefined
let db: AuthDb | undefined
afterEach(() => {
  db?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  db = dir = undefined
})

function store(): TokenStore {
  dir = mkdtempSync(join(tmpdir(), 'relight-tokens-'))
  db = openAuthDb(dir, { create: true })!
  return new TokenStore(db, () => new Date('2026-11-22T10:00:00Z'))
}

describe('token store', () => {
  it('creates no file until asked to, and migrates a new one to the current schema', () => {
    dir = mkdtempSync(join(tmpdir(), 'relight-tokens-'))
    expect(openAuthDb(dir, { create: false })).toBeUndefined()
    db = openAuthDb(dir, { create: true })!
    expect(db.pragma('user_version', { simple: true })).toBe(1)
  })

  it('refuses an access database a newer gateway wrote, naming the file', () => {
    const newerDir = mkdtempSync(join(tmpdir(), 'relight-tokens-'))
    dir = newerDir
    const newer = new Database(join(newerDir, 'auth.sqlite'))
    newer.pragma('user_version = 999')
    newer.close()
    expect(() => openAuthDb(newerDir, { create: false })).toThrow(
      /access database \(auth\.sqlite\) is at schema version 999/
    )
  })

  it('verifies the exact secret only, and never stores it', () => {
    const tokens = store()
    const { token, record } = tokens.create('alice', 200)
    expect(tokens.verify(token)).toMatchObject({
      id: record.id,
      name: 'alice',
      dailyQuota: 200,
      revokedAt: null
    })
    expect(tokens.verify(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeUndefined()
    expect(tokens.verify('rlt_short')).toBeUndefined()
    const rows = JSON.stringify(db!.prepare('SELECT * FROM tokens').all())
    expect(rows).not.toContain(token)
  })

  it('makes every token different and 256 bits strong', () => {
    const tokens = store()
    const secrets = ['a', 'b', 'c'].map((name) => tokens.create(name, null).token)
    expect(new Set(secrets).size).toBe(3)
    for (const secret of secrets) expect(Buffer.from(secret.slice(4), 'base64url')).toHaveLength(32)
  })

  it('refuses unusable and duplicate active names; a revoked name can be reused', () => {
    const tokens = store()
    expect(() => tokens.create('', null)).toThrow(/not a usable name/)
    expect(() => tokens.create('bad\nname', null)).toThrow(/not a usable name/)
    tokens.create('bob', null)
    expect(() => tokens.create('bob', null)).toThrow(/already exists/)
    tokens.revoke('bob')
    expect(tokens.create('bob', null).record.revokedAt).toBeNull()
  })

  it('keeps a revoked token recognizable (to say why), and auth on once any token existed', () => {
    const tokens = store()
    expect(tokens.anyToken()).toBe(false)
    const { token, record } = tokens.create('carol', null)
    tokens.revoke(record.id)
    expect(tokens.verify(token)?.revokedAt).toBe('2026-11-22T10:00:00.000Z')
    expect(tokens.activeCount()).toBe(0)
    expect(tokens.anyToken()).toBe(true)
  })
})

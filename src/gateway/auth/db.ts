/**
 * The gateway's own SQLite file for access control, `<RELIGHT_DATA_DIR>/auth.sqlite`: tokens and the audit
 * trail. Separate from the jobs database so either can change without migrating the other. Created by the
 * first `relight-gateway tokens create`; until it exists the gateway has no tokens (auth off on loopback).
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

import Database from 'better-sqlite3'

import { migrate, type Migration } from '../store/migrations.js'

export type AuthDb = Database.Database

export const AUTH_DB_FILE = 'auth.sqlite'

const AUTH_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `CREATE TABLE tokens (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     hash TEXT NOT NULL UNIQUE,
     daily_quota INTEGER,
     created_at TEXT NOT NULL,
     revoked_at TEXT,
     last_used_at TEXT
   );
   CREATE UNIQUE INDEX tokens_active_name ON tokens(name) WHERE revoked_at IS NULL;
   CREATE TABLE audit (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     token_id TEXT NOT NULL,
     token_name TEXT NOT NULL,
     event TEXT NOT NULL,
     job_id TEXT NOT NULL,
     model TEXT NOT NULL,
     num_images INTEGER NOT NULL,
     steps INTEGER,
     light_source TEXT,
     output TEXT,
     outcome TEXT NOT NULL,
     error_code TEXT,
     quota_day TEXT NOT NULL,
     refunded INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX audit_at ON audit(at);
   CREATE INDEX audit_day ON audit(quota_day, token_id);`
  }
]

export function authDbPath(dataDir: string): string {
  return join(dataDir, AUTH_DB_FILE)
}

/**
 * Opens (and migrates) the auth database; throws `SchemaTooNewError` for one a newer gateway wrote. With `create: false` it answers undefined when the file does not
 * exist yet, so a gateway without tokens leaves no file behind.
 */
export function openAuthDb(dataDir: string, options: { create: boolean }): AuthDb | undefined {
  const path = authDbPath(dataDir)
  if (!options.create && !existsSync(path)) return undefined
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  try {
    migrate(db, AUTH_MIGRATIONS, `The access database (${AUTH_DB_FILE})`)
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

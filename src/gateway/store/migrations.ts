/**
 * The jobs database schema as ordered migrations, and the runner the auth database uses too. `PRAGMA
 * user_version` records the last one applied; all pending ones run in one transaction, so a crash
 * mid-migration leaves the previous version intact.
 * Append new migrations; never edit one that has shipped.
 */
import type { Database } from 'better-sqlite3'

export interface Migration {
  readonly version: number
  readonly sql: string
}

const FINAL = `('succeeded', 'failed', 'canceled')`

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        model TEXT NOT NULL,
        provider TEXT NOT NULL,
        params TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'canceled')),
        provider_request_id TEXT,
        queue_position INTEGER,
        progress REAL,
        logs TEXT NOT NULL DEFAULT '[]',
        error TEXT,
        images TEXT NOT NULL DEFAULT '[]',
        seed INTEGER,
        idempotency_key TEXT,
        request_hash TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        call_started_at TEXT,
        inserted_at TEXT,
        expires_at TEXT
      );
      CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX jobs_owner ON jobs (owner, seq);
      CREATE INDEX jobs_unfinished ON jobs (seq) WHERE status IN ('queued', 'running');
      CREATE INDEX jobs_expires ON jobs (expires_at) WHERE expires_at IS NOT NULL;
      CREATE TABLE images (
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        slot TEXT NOT NULL,
        content_type TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (job_id, slot)
      );
      -- The lifecycle in the database itself: nothing leaves a final state, whoever writes.
      CREATE TRIGGER jobs_final_stays_final BEFORE UPDATE OF status ON jobs
        WHEN OLD.status IN ${FINAL} AND NEW.status IS NOT OLD.status
        BEGIN SELECT RAISE(ABORT, 'job is final'); END;
    `
  },
  {
    version: 2,
    sql: `ALTER TABLE jobs ADD COLUMN submit_marker TEXT;`
  },
  {
    // Apart from the jobs: a duration outlives its job's retention and erasure, and names nobody.
    version: 3,
    sql: `
      CREATE TABLE run_durations (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        model TEXT NOT NULL,
        ms INTEGER NOT NULL CHECK (ms >= 0)
      );
      CREATE INDEX run_durations_model ON run_durations (model, seq);
    `
  }
]

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError'
}

/**
 * Applies the migrations the database has not seen and returns the resulting version; refuses a database
 * a newer gateway has migrated. The version is read inside the write lock, since another process (the
 * admin command beside a running gateway) may migrate the same file meanwhile. `name` says which file in
 * the refusal.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
  name = 'The jobs database'
): number {
  const latest = migrations.at(-1)?.version ?? 0
  const run = db.transaction((): number => {
    const current = db.pragma('user_version', { simple: true }) as number
    if (current > latest) {
      throw new SchemaTooNewError(
        `${name} is at schema version ${current}, newer than this gateway knows (${latest}); ` +
          'run a newer gateway or point RELIGHT_DATA_DIR elsewhere.'
      )
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue
      db.exec(migration.sql)
      db.pragma(`user_version = ${migration.version}`)
    }
    return Math.max(current, latest)
  })
  return run.immediate()
}

/** The prepared SQL of the jobs store, in one place. */
import type { Database } from 'better-sqlite3'

const COLUMNS = [
  'id',
  'owner',
  'model',
  'provider',
  'params',
  'status',
  'provider_request_id',
  'queue_position',
  'progress',
  'logs',
  'error',
  'images',
  'seed',
  'idempotency_key',
  'request_hash',
  'created_at',
  'updated_at',
  'call_started_at',
  'submit_marker',
  'inserted_at',
  'expires_at'
] as const

const MUTABLE = COLUMNS.filter(
  (column) => !['id', 'owner', 'model', 'provider', 'params', 'created_at'].includes(column)
)
const SELECT = `SELECT ${COLUMNS.join(', ')} FROM jobs`

export function statements(db: Database) {
  return {
    insert: db.prepare(
      `INSERT INTO jobs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`
    ),
    get: db.prepare(`${SELECT} WHERE id = ?`),
    /**
     * Applies only while the row is still in the status it was read in (`@from`), and never to a final
     * row unless the patch keeps a succeeded job succeeded (marking it inserted).
     */
    update: db.prepare(
      `UPDATE jobs SET ${MUTABLE.map((c) => `${c} = @${c}`).join(', ')}
       WHERE id = @id AND status = @from
         AND (status IN ('queued', 'running') OR (status = 'succeeded' AND @status = 'succeeded'))`
    ),
    byOwner: db.prepare(`${SELECT} WHERE owner = ? ORDER BY seq DESC LIMIT ?`),
    byKey: db.prepare(`${SELECT} WHERE owner = ? AND idempotency_key = ?`),
    unfinished: db.prepare(`${SELECT} WHERE status IN ('queued', 'running') ORDER BY seq`),
    expired: db.prepare(`SELECT id FROM jobs WHERE expires_at <= ? AND status IN (?, ?, ?) ORDER BY seq`),
    delete: db.prepare(`DELETE FROM jobs WHERE id = ?`),
    putImage: db.prepare(
      `INSERT OR REPLACE INTO images (job_id, slot, content_type, width, height, size)
       VALUES (@job_id, @slot, @content_type, @width, @height, @size)`
    ),
    getImage: db.prepare(`SELECT content_type, width, height FROM images WHERE job_id = ? AND slot = ?`),
    byOwnerBefore: db.prepare(`${SELECT} WHERE owner = ? AND created_at < ? ORDER BY seq`),
    inputSlots: db.prepare(
      `SELECT slot FROM images WHERE job_id = ? AND slot IN ('input', 'uploaded-mask', 'mask', 'background')`
    ),
    deleteInputs: db.prepare(
      `DELETE FROM images WHERE job_id = ? AND slot IN ('input', 'uploaded-mask', 'mask', 'background')`
    ),
    /** Inputs of jobs already final: left behind when the gateway stopped between the two steps. */
    finalInputs: db.prepare(
      `SELECT job_id AS jobId, slot FROM images WHERE slot IN ('input', 'uploaded-mask', 'mask', 'background')
         AND job_id IN (SELECT id FROM jobs WHERE status IN ('succeeded', 'failed', 'canceled'))`
    ),
    slots: db.prepare(`SELECT slot FROM images WHERE job_id = ?`),
    resultSlots: db.prepare(`SELECT slot FROM images WHERE job_id = ? AND slot LIKE 'result/%'`),
    deleteResults: db.prepare(`DELETE FROM images WHERE job_id = ? AND slot LIKE 'result/%'`),
    insertDuration: db.prepare(`INSERT INTO run_durations (model, ms) VALUES (?, ?)`),
    /** Drops all but the model's newest `@keep` durations. */
    trimDurations: db.prepare(
      `DELETE FROM run_durations WHERE model = @model AND seq NOT IN
         (SELECT seq FROM run_durations WHERE model = @model ORDER BY seq DESC LIMIT @keep)`
    ),
    recentDurations: db.prepare(`SELECT ms FROM run_durations WHERE model = ? ORDER BY seq DESC LIMIT ?`)
  }
}

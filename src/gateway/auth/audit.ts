/**
 * The audit trail: who (token name) relit what (job, model, images, steps, light, output), when, and how
 * it ended. Append-only: one row when a relight is accepted, one when its job reaches a final state. The
 * rows double as the quota ledger a restarted gateway restores today's usage from.
 */
import { findModel } from '../../protocol/catalog.js'
import type { RelightParams } from '../../protocol/request.js'
import type { AuthDb } from './db.js'

export interface AuditEntry {
  readonly at: string
  readonly tokenId: string
  readonly tokenName: string
  readonly event: 'submit' | 'final' | 'erased'
  readonly jobId: string
  readonly model: string
  readonly numImages: number
  readonly steps: number | null
  readonly lightSource: string | null
  readonly output: string | null
  /** accepted (submit) | succeeded | failed | canceled | erased (by its designer) | purged (by the admin) */
  readonly outcome: string
  readonly errorCode: string | null
  /** The UTC day whose quota the images counted against. */
  readonly quotaDay: string
  /** Images given back to the quota (the job never reached the provider). */
  readonly refunded: number
}

export interface AuditJob {
  readonly id: string
  readonly params: RelightParams
}

/** What happened to a job, for `auditEntry`. */
export interface AuditEvent {
  readonly event: AuditEntry['event']
  readonly outcome: string
  readonly day: string
  readonly at: string
  readonly errorCode?: string | undefined
  readonly refunded?: number
}

export function auditEntry(
  job: AuditJob,
  caller: { readonly owner: string; readonly name: string },
  what: AuditEvent
): AuditEntry {
  const { params } = job
  return {
    at: what.at,
    tokenId: caller.owner,
    tokenName: caller.name,
    event: what.event,
    jobId: job.id,
    model: params.model,
    numImages: params.numImages,
    // Steps drive cost; when the request left them out, the model's default is what ran.
    steps: params.steps ?? findModel(params.model)?.steps?.default ?? null,
    lightSource: params.lightSource,
    output: params.output,
    outcome: what.outcome,
    errorCode: what.errorCode ?? null,
    quotaDay: what.day,
    refunded: what.refunded ?? 0
  }
}

/** The entry saying a job was erased: by its designer (`erased`) or the admin (`purged`); counts no image. */
export function erasedEntry(
  job: { readonly id: string; readonly model: string },
  caller: Pick<AuditEntry, 'tokenId' | 'tokenName'>,
  at: string,
  outcome: 'erased' | 'purged'
): AuditEntry {
  return {
    at,
    ...caller,
    event: 'erased',
    jobId: job.id,
    model: job.model,
    numImages: 0,
    steps: null,
    lightSource: null,
    output: null,
    outcome,
    errorCode: null,
    quotaDay: at.slice(0, 10),
    refunded: 0
  }
}

export interface AuditQuery {
  readonly since?: string
  readonly name?: string
  readonly limit?: number
}

const COLUMNS = {
  at: 'at',
  tokenId: 'token_id',
  tokenName: 'token_name',
  event: 'event',
  jobId: 'job_id',
  model: 'model',
  numImages: 'num_images',
  steps: 'steps',
  lightSource: 'light_source',
  output: 'output',
  outcome: 'outcome',
  errorCode: 'error_code',
  quotaDay: 'quota_day',
  refunded: 'refunded'
} as const satisfies Record<keyof AuditEntry, string>

const SELECT = Object.entries(COLUMNS)
  .map(([field, column]) => `${column} AS ${field}`)
  .join(', ')

export class AuditLog {
  constructor(private readonly db: AuthDb) {}

  record(entry: AuditEntry): void {
    const columns = Object.values(COLUMNS)
    this.db
      .prepare(`INSERT INTO audit (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
      .run(
        Object.fromEntries(
          Object.entries(COLUMNS).map(([field, column]) => [column, entry[field as keyof AuditEntry]])
        )
      )
  }

  /**
   * A job was erased: its earlier rows keep only that it existed (when, whose, which model, how many
   * images: the quota ledger and the bill) and an `erased` row says when and by whom. Light, output, steps
   * and error are cleared.
   */
  erased(entry: AuditEntry): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE audit SET steps = NULL, light_source = NULL, output = NULL, error_code = NULL WHERE job_id = ?'
        )
        .run(entry.jobId)
      this.record(entry)
    })()
  }

  /** Oldest first, so the newest line is at the bottom of a terminal. */
  query({ since, name, limit = 1000 }: AuditQuery = {}): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT ${SELECT} FROM (SELECT * FROM audit WHERE (@since IS NULL OR at >= @since)
           AND (@name IS NULL OR token_name = @name) ORDER BY seq DESC LIMIT @limit) ORDER BY seq`
      )
      .all({ since: since ?? null, name: name ?? null, limit })
    return rows as AuditEntry[]
  }

  /** Images each token used on `day`: accepted minus refunded. */
  usedOn(day: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT token_id AS owner, SUM(CASE WHEN event = 'submit' THEN num_images ELSE -refunded END) AS used
           FROM audit WHERE quota_day = ? GROUP BY token_id`
      )
      .all(day) as { owner: string; used: number }[]
    return new Map(rows.map((row) => [row.owner, row.used]))
  }
}

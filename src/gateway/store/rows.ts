/** Jobs between their SQLite row and the `JobRecord` the gateway works with. */
import type { JobError, JobStatus } from '../../protocol/api.js'
import type { ProviderName } from '../../protocol/catalog.js'
import type { RelightParams } from '../../protocol/request.js'
import type { ImageMeta, JobRecord } from '../jobs/types.js'

export interface JobRow {
  readonly id: string
  readonly owner: string
  readonly model: string
  readonly provider: string
  readonly params: string
  readonly status: string
  readonly provider_request_id: string | null
  readonly queue_position: number | null
  readonly progress: number | null
  readonly logs: string
  readonly error: string | null
  readonly images: string
  readonly seed: number | null
  readonly idempotency_key: string | null
  readonly request_hash: string | null
  readonly created_at: string
  readonly updated_at: string
  readonly call_started_at: string | null
  readonly submit_marker: string | null
  readonly inserted_at: string | null
  readonly expires_at: string | null
}

/** Copies `value` under `key` unless it is null, so absent fields stay absent (not `undefined`). */
function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V }
}

export function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    owner: row.owner,
    model: row.model,
    provider: row.provider as ProviderName,
    params: JSON.parse(row.params) as RelightParams,
    status: row.status as JobStatus,
    logs: JSON.parse(row.logs) as string[],
    images: JSON.parse(row.images) as ImageMeta[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...optional('providerRequestId', row.provider_request_id),
    ...optional('queuePosition', row.queue_position),
    ...optional('progress', row.progress),
    ...optional('error', row.error === null ? null : (JSON.parse(row.error) as JobError)),
    ...optional('seed', row.seed),
    ...optional('idempotencyKey', row.idempotency_key),
    ...optional('requestHash', row.request_hash),
    ...optional('callStartedAt', row.call_started_at),
    ...optional('submitMarker', row.submit_marker),
    ...optional('insertedAt', row.inserted_at),
    ...optional('expiresAt', row.expires_at)
  }
}

export function toRow(job: JobRecord): JobRow {
  return {
    id: job.id,
    owner: job.owner,
    model: job.model,
    provider: job.provider,
    params: JSON.stringify(job.params),
    status: job.status,
    provider_request_id: job.providerRequestId ?? null,
    queue_position: job.queuePosition ?? null,
    progress: job.progress ?? null,
    logs: JSON.stringify(job.logs),
    error: job.error ? JSON.stringify(job.error) : null,
    images: JSON.stringify(job.images),
    seed: job.seed ?? null,
    idempotency_key: job.idempotencyKey ?? null,
    request_hash: job.requestHash ?? null,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
    call_started_at: job.callStartedAt ?? null,
    submit_marker: job.submitMarker ?? null,
    inserted_at: job.insertedAt ?? null,
    expires_at: job.expiresAt ?? null
  }
}

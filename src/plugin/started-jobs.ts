/**
 * The jobs this document started, and from which layer: jobId → source layer id, kept in the document's
 * plugin data (node ids only mean something within their file). When the plugin opens, the UI offers the
 * ones that finished while it was closed; an entry goes once its results are placed or the job ended
 * otherwise, and after a week at the latest (well past the gateway's retention).
 */
export const STARTED_JOBS_KEY = 'relight-started-jobs'
export const STARTED_JOB_MAX_AGE_MS = 7 * 24 * 3600_000
const MAX_ENTRIES = 200

interface Entry {
  readonly sourceId: string
  readonly startedAt: number
}

function load(): Record<string, Entry> {
  try {
    const parsed = JSON.parse(figma.root.getPluginData(STARTED_JOBS_KEY) || '{}') as unknown
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, Entry>) : {}
  } catch {
    return {}
  }
}

function save(entries: Record<string, Entry>, now: number): void {
  const kept = Object.entries(entries)
    .filter(
      ([, entry]) => typeof entry?.sourceId === 'string' && now - entry.startedAt < STARTED_JOB_MAX_AGE_MS
    )
    .sort(([, a], [, b]) => b.startedAt - a.startedAt)
    .slice(0, MAX_ENTRIES)
  figma.root.setPluginData(STARTED_JOBS_KEY, JSON.stringify(Object.fromEntries(kept)))
}

/** jobId → source layer id, for the jobs still worth offering. */
export function readStartedJobs(now = Date.now()): Record<string, string> {
  const entries = load()
  return Object.fromEntries(
    Object.entries(entries)
      .filter(
        ([, entry]) => typeof entry?.sourceId === 'string' && now - entry.startedAt < STARTED_JOB_MAX_AGE_MS
      )
      .map(([jobId, entry]) => [jobId, entry.sourceId])
  )
}

export function rememberStartedJob(jobId: string, sourceId: string, now = Date.now()): void {
  save({ ...load(), [jobId]: { sourceId, startedAt: now } }, now)
}

export function forgetStartedJobs(jobIds: readonly string[], now = Date.now()): void {
  const entries = load()
  if (!jobIds.some((id) => id in entries)) return
  for (const id of jobIds) delete entries[id]
  save(entries, now)
}

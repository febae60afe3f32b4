/**
 * `relight-gateway audit [--since 7d|24h|2026-11-01] [--name alice] [--limit 1000] [--json]`: who relit
 * what and when, oldest first, one line per event (accepted at submit, then how the job ended).
 */
import { type AuditEntry, AuditLog, type AuditQuery } from '../auth/audit.js'
import { openAuthDb } from '../auth/db.js'
import { RedisAuditTrail } from '../auth/redis-audit.js'
import { ConfigError, loadConfig } from '../env.js'
import { connectRedis } from '../store/redis/connection.js'
import { type CommandIo, parseArgs, processIo, table, UsageError } from './args.js'

const USAGE =
  'Usage: relight-gateway audit [--since 7d|24h|30m|2026-11-01] [--name <token name>] [--limit N] [--json]'

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 }

/** "7d" / "24h" / "30m" before `now`, or an ISO date or time. */
export function parseSince(raw: string, now: Date): string {
  const relative = /^(\d{1,5})([mhd])$/.exec(raw.trim())
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!]!).toISOString()
  const absolute = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/.test(raw.trim()) ? Date.parse(raw.trim()) : NaN
  if (Number.isNaN(absolute))
    throw new UsageError(`--since must be like 7d, 24h, 30m or 2026-11-01 (got "${raw}").`)
  return new Date(absolute).toISOString()
}

function limitOf(raw: string | undefined): number {
  if (raw === undefined) return 1000
  const limit = Number(raw)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000)
    throw new UsageError('--limit must be a whole number.')
  return limit
}

function describe(entry: AuditEntry): string[] {
  const outcome =
    entry.outcome +
    (entry.errorCode ? ` (${entry.errorCode})` : '') +
    (entry.refunded ? `, ${entry.refunded} refunded` : '')
  return [
    entry.at.replace(/\.\d+Z$/, 'Z'),
    entry.tokenName,
    outcome,
    entry.jobId,
    entry.model,
    `${entry.numImages} img`,
    entry.steps === null ? '-' : `${entry.steps} steps`,
    entry.lightSource ?? '-',
    entry.output ?? '-'
  ]
}

function localAudit(dataDir: string, query: AuditQuery): AuditEntry[] {
  const db = openAuthDb(dataDir, { create: false })
  const entries = db ? new AuditLog(db).query(query) : []
  db?.close()
  return entries
}

/** With REDIS_URL the trail of every instance is in Redis. */
async function sharedAudit(url: string, prefix: string, query: AuditQuery): Promise<AuditEntry[]> {
  const redis = await connectRedis(url)
  try {
    return await new RedisAuditTrail(redis, prefix).query(query)
  } finally {
    redis.disconnect()
  }
}

/** Runs the command; resolves to the process exit code. */
export async function auditCommand(
  args: readonly string[],
  io: CommandIo = processIo(),
  now: () => Date = () => new Date()
): Promise<number> {
  try {
    const { positional, options, flags } = parseArgs(args, ['since', 'name', 'limit'], ['json'])
    if (positional.length) throw new UsageError(`Unexpected "${positional[0]}".`)
    const since = options.get('since')
    const query = {
      ...(since ? { since: parseSince(since, now()) } : {}),
      ...(options.has('name') ? { name: options.get('name')! } : {}),
      limit: limitOf(options.get('limit'))
    }
    const config = loadConfig(io.env)
    const entries = config.redisUrl
      ? await sharedAudit(config.redisUrl, config.redisPrefix, query)
      : localAudit(config.dataDir, query)
    if (flags.has('json')) io.out(JSON.stringify(entries, null, 2))
    else if (entries.length === 0) io.err('No audit entries match.')
    else {
      const head = ['WHEN', 'WHO', 'OUTCOME', 'JOB', 'MODEL', 'IMAGES', 'STEPS', 'LIGHT', 'OUTPUT']
      for (const line of table([head, ...entries.map(describe)])) io.out(line)
    }
    return 0
  } catch (error) {
    if (error instanceof UsageError) io.err(`relight-gateway audit: ${error.message}\n${USAGE}`)
    else if (error instanceof ConfigError) io.err(`relight-gateway: ${error.message}`)
    else throw error
    return error instanceof UsageError ? 2 : 1
  }
}

/**
 * `relight-gateway jobs purge --name <token name> [--before 7d|24h|2026-11-01]`: erases a designer's jobs
 * (results, uploads, records) from the gateway's store (SQLite in RELIGHT_DATA_DIR, or the shared Redis
 * with REDIS_URL), for example when they leave or
 * ask for it. Every token ever given that name counts (revoked ones too); `local` names the jobs of a
 * gateway without tokens. A job still running is left alone, with a line saying so: the gateway running it
 * cancels it at the provider, this command cannot (the designer can erase it from the plugin, or run the
 * purge again once it ended). Safe while the gateway runs.
 */
import { isFinalStatus } from '../../protocol/api.js'
import { type AuditEntry, AuditLog, erasedEntry } from '../auth/audit.js'
import { LOCAL_CALLER } from '../auth/caller.js'
import { openAuthDb } from '../auth/db.js'
import { RedisAuditTrail } from '../auth/redis-audit.js'
import { withTokenStorage } from '../auth/token-store.js'
import { ConfigError, type GatewayConfig, loadConfig } from '../env.js'
import { openStore } from '../store/open.js'
import { connectRedis } from '../store/redis/connection.js'
import { type CommandIo, parseArgs, processIo, shortTime, UsageError } from './args.js'
import { parseSince } from './audit-command.js'

const USAGE =
  'Usage: relight-gateway jobs purge --name <token name> [--before 7d|24h|30m|2026-11-01] [--json]'

interface Owner {
  readonly id: string
  readonly name: string
}

interface Owners {
  readonly owners: Owner[]
  /** Whether any token exists: without one there is no team and no audit trail. */
  readonly team: boolean
  readonly audit?: AuditLog
  close(): void
}

/** The tokens ever given this name, from where the gateway keeps tokens (Redis with REDIS_URL). */
async function ownersNamed(name: string, config: GatewayConfig): Promise<Owners> {
  const tokens = (await withTokenStorage(config, false, (store) => store.list())) ?? []
  const owners = tokens.flatMap((token) => (token.name === name ? [{ id: token.id, name }] : []))
  if (!owners.length && name === LOCAL_CALLER.name) owners.push({ id: LOCAL_CALLER.owner, name })
  const db = config.redisUrl ? undefined : openAuthDb(config.dataDir, { create: false })
  return {
    owners,
    team: tokens.length > 0,
    ...(db ? { audit: new AuditLog(db) } : {}),
    close: () => db?.close()
  }
}

type Trail = ((entry: AuditEntry) => Promise<void>) & { close(): Promise<void> }

/** Where the gateway keeps its audit trail: the shared Redis stream with REDIS_URL, else auth.sqlite. */
async function auditTrail(config: GatewayConfig, team: boolean, local: AuditLog | undefined): Promise<Trail> {
  if (config.redisUrl && team) {
    const redis = await connectRedis(config.redisUrl)
    const shared = new RedisAuditTrail(redis, config.redisPrefix)
    return Object.assign((entry: AuditEntry) => shared.record(entry), {
      close: async () => void (await redis.quit().catch(() => redis.disconnect()))
    })
  }
  return Object.assign(async (entry: AuditEntry) => local?.erased(entry), { close: async () => undefined })
}

export interface PurgeResult {
  readonly erased: string[]
  /** Jobs still queued or running: left for the gateway. */
  readonly running: string[]
}

async function purge(name: string, before: string, io: CommandIo, now: Date): Promise<PurgeResult> {
  const config = loadConfig(io.env)
  const { owners, team, audit, close } = await ownersNamed(name, config)
  try {
    if (!owners.length) {
      throw new UsageError(`No token is named "${name}". See \`relight-gateway tokens list\` for the names.`)
    }
    // No start-up tidying: the running gateway may be between writing a file and its row.
    const store = await openStore(config, { tidy: false })
    const trail = await auditTrail(config, team, audit)
    const result: PurgeResult = { erased: [], running: [] }
    try {
      for (const owner of owners) {
        for (const job of await store.listCreatedBefore(owner.id, before)) {
          if (!isFinalStatus(job.status)) {
            result.running.push(job.id)
            continue
          }
          if (!(await store.erase(job.id))) continue
          await trail(
            erasedEntry(job, { tokenId: owner.id, tokenName: owner.name }, now.toISOString(), 'purged')
          )
          result.erased.push(job.id)
        }
      }
    } finally {
      await store.close()
      await trail.close()
    }
    return result
  } finally {
    close()
  }
}

/** Runs the command; resolves to the process exit code. */
export async function jobsCommand(
  args: readonly string[],
  io: CommandIo = processIo(),
  now: () => Date = () => new Date()
): Promise<number> {
  const [action, ...rest] = args
  if (action !== 'purge') {
    io.err(action ? `relight-gateway jobs: unknown action "${action}".\n${USAGE}` : USAGE)
    return 2
  }
  try {
    const { positional, options, flags } = parseArgs(rest, ['name', 'before'], ['json'])
    if (positional.length) throw new UsageError(`Unexpected "${positional[0]}".`)
    const name = options.get('name')?.trim()
    if (!name) throw new UsageError('Say whose jobs: --name <token name>.')
    const at = now()
    const raw = options.get('before')
    const before = raw ? parseSince(raw, at) : at.toISOString()
    const result = await purge(name, before, io, at)
    if (flags.has('json')) io.out(JSON.stringify(result, null, 2))
    else {
      const when = raw ? ` created before ${shortTime(before)}` : ''
      io.out(`Erased ${result.erased.length} job(s) of "${name}"${when}: results, uploads and records.`)
    }
    if (result.running.length) {
      io.err(
        `${result.running.length} job(s) still running were left: the designer can erase them in the plugin, ` +
          'or run this again once they end.'
      )
    }
    return 0
  } catch (error) {
    if (error instanceof UsageError) io.err(`relight-gateway jobs: ${error.message}\n${USAGE}`)
    else if (error instanceof ConfigError) io.err(`relight-gateway: ${error.message}`)
    else throw error
    return error instanceof UsageError ? 2 : 1
  }
}

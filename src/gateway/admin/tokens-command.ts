/**
 * `relight-gateway tokens create --name alice [--quota 200/day] | list [--json] | revoke <name|id>`.
 * With REDIS_URL the tokens are the shared ones every instance reads, else the data directory's auth.sqlite.
 * The new token goes to stdout alone (so `TOKEN=$(… tokens create …)` works) and is never shown again.
 */
import { formatQuota, parseQuota } from '../auth/limits.js'
import { type TokenStorage, withTokenStorage } from '../auth/token-store.js'
import { TokenError, type TokenRecord } from '../auth/tokens.js'
import { ConfigError, loadConfig } from '../env.js'
import { type CommandIo, parseArgs, processIo, shortTime, table, UsageError } from './args.js'

const USAGE = [
  'Usage: relight-gateway tokens create --name <name> [--quota 200/day|unlimited]',
  '       relight-gateway tokens list [--json]',
  '       relight-gateway tokens revoke <name|id>'
].join('\n')

function quotaLabel(record: TokenRecord, fallback: number | undefined): string {
  return record.dailyQuota === null ? `${formatQuota(fallback)} (default)` : formatQuota(record.dailyQuota)
}

async function create(
  store: TokenStorage,
  args: string[],
  io: CommandIo,
  fallback: number | undefined
): Promise<void> {
  const { positional, options } = parseArgs(args, ['name', 'quota'], [])
  const name = options.get('name') ?? positional[0]
  if (!name || positional.length > (options.has('name') ? 0 : 1))
    throw new UsageError('Name the token: --name <name>.')
  const rawQuota = options.get('quota')
  const quota = rawQuota === undefined ? null : parseQuota(rawQuota)
  if (quota === undefined)
    throw new UsageError(`--quota must be images a day like 200/day, or unlimited (got "${rawQuota}").`)
  const { token, record } = await store.create(name, quota)
  io.out(token)
  io.err(`Created token "${record.name}" (${record.id}), quota ${quotaLabel(record, fallback)}.`)
  io.err('Copy it now: it is shown only this once. The designer pastes it in the plugin: Settings → Token.')
}

async function list(
  store: TokenStorage,
  args: string[],
  io: CommandIo,
  fallback: number | undefined
): Promise<void> {
  const { flags } = parseArgs(args, [], ['json'])
  const tokens = await store.list()
  if (flags.has('json')) return io.out(JSON.stringify(tokens, null, 2))
  if (tokens.length === 0)
    return io.err('No tokens yet. Create one: relight-gateway tokens create --name <name>')
  const rows = tokens.map((t) => [
    t.name,
    t.id,
    quotaLabel(t, fallback),
    shortTime(t.createdAt),
    shortTime(t.lastUsedAt),
    t.revokedAt ? `revoked ${shortTime(t.revokedAt)}` : 'active'
  ])
  for (const line of table([['NAME', 'ID', 'QUOTA', 'CREATED', 'LAST USED', 'STATUS'], ...rows])) io.out(line)
}

async function revoke(store: TokenStorage, args: string[], io: CommandIo): Promise<void> {
  const { positional } = parseArgs(args, [], [])
  if (positional.length !== 1)
    throw new UsageError('Say which token: relight-gateway tokens revoke <name|id>.')
  const record = await store.revoke(positional[0]!)
  io.err(`Revoked token "${record.name}" (${record.id}); its next request gets a 401.`)
}

/** Runs the command; resolves to the process exit code. */
export async function tokensCommand(args: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const [action, ...rest] = args
  if (action !== 'create' && action !== 'list' && action !== 'revoke') {
    io.err(action ? `relight-gateway tokens: unknown action "${action}".\n${USAGE}` : USAGE)
    return 2
  }
  try {
    const config = loadConfig(io.env)
    const ran = await withTokenStorage(config, action === 'create', async (store) => {
      if (action === 'create') await create(store, rest, io, config.dailyQuota)
      else if (action === 'list') await list(store, rest, io, config.dailyQuota)
      else await revoke(store, rest, io)
      return true
    })
    if (!ran) {
      io.err('No tokens yet. Create one: relight-gateway tokens create --name <name>')
      return action === 'list' ? 0 : 1
    }
    return 0
  } catch (error) {
    if (error instanceof UsageError) io.err(`relight-gateway tokens: ${error.message}\n${USAGE}`)
    else if (error instanceof TokenError || error instanceof ConfigError)
      io.err(`relight-gateway: ${error.message}`)
    else throw error
    return error instanceof UsageError ? 2 : 1
  }
}

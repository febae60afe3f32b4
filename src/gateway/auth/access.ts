/**
 * Access control for the gateway: bearer tokens, per-token rate limit and daily quota, and the audit
 * trail, over the gateway's own `auth.sqlite` (tokens and trail in the shared Redis with REDIS_URL). Auth is off only while no token has ever been created and the
 * gateway is on loopback; once one exists every `/v1` call needs `Authorization: Bearer`, even on loopback.
 */
import type { JobView, UsageView } from '../../protocol/api.js'
import { parseRelightParams } from '../../protocol/request.js'
import type { GatewayConfig } from '../env.js'
import type { JobRecord } from '../jobs/types.js'
import type { Logger } from '../log.js'
import { auditEntry, type AuditEvent, type AuditJob, AuditLog, erasedEntry } from './audit.js'
import { type Admit, type Authenticate, type Caller, LOCAL_CALLER, type StillAllowed } from './caller.js'
import { type AuthDb, openAuthDb } from './db.js'
import { createLimiters, type SharedCounters } from './limiters.js'
import { quotaDay, type RateSetting, UNLIMITED } from './limits.js'
import { tokensRequired } from './listen-policy.js'
import { assertLocalRequest, type LocalRequestPolicy } from './local-requests.js'
import { Meter } from './meter.js'
import { RedisAuditTrail } from './redis-audit.js'
import { unauthorized } from './refusals.js'
import { redisTokens, SqliteTokenStorage, type TokenStorage } from './token-store.js'
import { type TokenRecord, TokenStore } from './tokens.js'

export interface AccessOptions {
  readonly dataDir: string
  /** Off loopback or RELIGHT_AUTH=required: refuse every `/v1` call while there are no tokens. */
  readonly requireTokens: boolean
  readonly rate: RateSetting
  /** Images a day for tokens created without --quota; undefined = unlimited. */
  readonly dailyQuota: number | undefined
  readonly now: () => Date
  readonly logger: Logger
  /** Who may call while auth is off: the Origins and Host names served. */
  readonly local: LocalRequestPolicy
  /** Rate and quota counters, and the audit trail, in the shared Redis (REDIS_URL). */
  readonly shared?: SharedCounters
}

/** last_used_at is written at most this often per token, not on every request. */
const TOUCH_EVERY_MS = 60_000

const NO_ADMISSION = { accepted: () => undefined, refused: async () => undefined }

function bearer(header: string | null): string | undefined {
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')?.[1]
}

export class AccessControl {
  readonly #options: AccessOptions
  readonly #meter: Meter
  readonly #touched = new Map<string, number>()
  #db: AuthDb | undefined
  #tokens: TokenStorage | undefined
  /** Some token exists in the shared store: from then on the shared trail records relights. */
  #team = false
  #audit: AuditLog | undefined
  readonly #sharedAudit: RedisAuditTrail | undefined

  constructor(options: AccessOptions) {
    this.#options = options
    this.#sharedAudit = options.shared && new RedisAuditTrail(options.shared.client, options.shared.prefix)
    this.#meter = new Meter(createLimiters(options.rate, options.shared), options.rate, options.now)
  }

  /** Opens auth.sqlite once it exists (the first `tokens create` makes it, maybe while we run). */
  async open(): Promise<boolean> {
    if (this.#tokens) return true
    if (this.#options.shared) {
      const { client, prefix } = this.#options.shared
      this.#tokens = redisTokens(client, prefix, this.#options.now)
      return true
    }
    const db = openAuthDb(this.#options.dataDir, { create: false })
    if (!db) return false
    this.#db = db
    this.#tokens = new SqliteTokenStorage(new TokenStore(db, this.#options.now))
    this.#audit = new AuditLog(db)
    const today = quotaDay(this.#options.now())
    await this.#meter.restore(today, this.#audit.usedOn(today))
    return true
  }

  readonly authenticate: Authenticate = async (headers, options) => {
    const tokens = (await this.open()) ? this.#tokens : undefined
    if (!(await tokens?.anyToken())) {
      if (!this.#options.requireTokens) {
        assertLocalRequest(headers, this.#options.local)
        return LOCAL_CALLER
      }
      throw unauthorized('no_tokens', 'This gateway has no tokens yet. Ask your admin to create one for you.')
    }
    const secret = bearer(headers.get('authorization'))
    this.#team = true
    if (!secret) {
      throw unauthorized('token_required', 'This gateway needs a token.', {
        kind: 'token',
        problem: 'missing'
      })
    }
    const record = await tokens!.verify(secret)
    if (!record) {
      throw unauthorized('invalid_token', 'The gateway did not accept this token.', {
        kind: 'token',
        problem: 'rejected'
      })
    }
    if (record.revokedAt)
      throw unauthorized('token_revoked', 'This token was revoked. Ask your admin for a new one.')
    const caller = this.#callerOf(record)
    // An idempotent retry is looked up before the rate is counted: a client retrying after a lost answer
    // gets its job back, not a 429.
    if (!(await options?.uncounted?.(caller))) await this.#meter.request(caller)
    this.#touch(tokens!, record.id)
    return caller
  }

  /** A token revoked since (even by the admin command in another process) is no longer allowed. */
  readonly stillAllowed: StillAllowed = async (caller) => {
    if (caller.owner === LOCAL_CALLER.owner) return !(await this.authOn())
    const record = (await this.open()) ? await this.#tokens?.byId(caller.owner) : undefined
    return record !== undefined && record.revokedAt === null
  }

  readonly admit: Admit = async (caller, params) => {
    const parsed = parseRelightParams(params)
    if (!parsed.ok) return NO_ADMISSION // the submit refuses it with the field's message
    const images = parsed.params.numImages
    const day = await this.#meter.reserve(caller, images)
    return {
      accepted: (job: JobView) =>
        this.#record(job, caller, { event: 'submit', outcome: 'accepted', day, at: job.createdAt }),
      refused: () => this.#meter.refund(caller.owner, day, images)
    }
  }

  /** A job reached a final state: record it, and refund its images if the provider was never called. */
  readonly onFinal = (after: JobRecord): void => {
    const neverRan = after.status !== 'succeeded' && !after.callStartedAt && !after.providerRequestId
    const day = quotaDay(new Date(after.createdAt))
    const refunded = neverRan ? after.params.numImages : 0
    if (refunded) void this.#meter.refund(after.owner, day, refunded)
    void this.#nameOf(after.owner).then((name) =>
      this.#record(
        after,
        { owner: after.owner, name },
        {
          event: 'final',
          outcome: after.status,
          day,
          at: after.updatedAt,
          errorCode: after.error?.code,
          refunded
        }
      )
    )
  }

  /**
   * A designer erased one of their jobs: the audit trail keeps only that it existed and was erased. The
   * shared trail in Redis is an append-only stream: there the earlier entries stay as written (they never
   * hold a prompt) and the erased entry is added.
   */
  readonly onErased = (job: JobRecord): void => {
    void this.#nameOf(job.owner).then((name) => this.#erased(job, name))
  }

  #erased(job: JobRecord, name: string): void {
    if (!this.#audited()) return
    const entry = erasedEntry(
      job,
      { tokenId: job.owner, tokenName: name },
      this.#options.now().toISOString(),
      'erased'
    )
    const failed = (error: unknown): void =>
      this.#options.logger.error({ err: error, jobId: job.id }, 'could not write the audit trail')
    if (this.#sharedAudit) return void this.#sharedAudit.record(entry).catch(failed)
    try {
      this.#audit?.erased(entry)
    } catch (error) {
      failed(error)
    }
  }

  /**
   * One Live frame sent to the provider: a request against the token's rate and an image against today's
   * quota. The function it returns gives the image back when the frame never reached the provider.
   */
  async frame(caller: Caller): Promise<() => Promise<void>> {
    await this.#meter.request(caller)
    const day = await this.#meter.reserve(caller, 1)
    return () => this.#meter.refund(caller.owner, day, 1)
  }

  usage(caller: Caller): Promise<UsageView> {
    return this.#meter.usage(caller)
  }

  /** Whether `/v1` calls need a token right now. */
  async authOn(): Promise<boolean> {
    return this.#options.requireTokens || ((await this.open()) && (await this.#tokens!.anyToken()))
  }

  close(): void {
    this.#db?.close()
    this.#db = undefined
  }

  #callerOf(record: TokenRecord): Caller {
    const quota = record.dailyQuota ?? this.#options.dailyQuota ?? UNLIMITED
    return { owner: record.id, name: record.name, ...(quota === UNLIMITED ? {} : { dailyQuota: quota }) }
  }

  #touch(tokens: TokenStorage, id: string): void {
    const now = Date.now()
    if (now - (this.#touched.get(id) ?? 0) < TOUCH_EVERY_MS) return
    this.#touched.set(id, now)
    tokens.touch(id).catch((error: unknown) => {
      this.#options.logger.warn({ err: error, tokenId: id }, 'could not note when a token was last used')
    })
  }

  /** The token's name for the audit trail; its id when the token is gone or the store cannot answer. */
  async #nameOf(owner: string): Promise<string> {
    // Another instance may have admitted this job: whether tokens exist is asked of the shared store.
    if (this.#sharedAudit && !this.#team) this.#team = await this.authOn().catch(() => false)
    const record = await this.#tokens?.byId(owner).catch(() => undefined)
    return record?.name ?? owner
  }

  /** No tokens, no team: nothing to audit. */
  #audited(): boolean {
    return this.#sharedAudit ? this.#team : this.#audit !== undefined
  }

  #record(job: AuditJob, caller: Pick<Caller, 'owner' | 'name'>, what: AuditEvent): void {
    if (!this.#audited()) return
    if (this.#sharedAudit) {
      this.#sharedAudit.record(auditEntry(job, caller, what)).catch((error: unknown) => {
        this.#options.logger.error({ err: error, jobId: job.id }, 'could not write the audit trail')
      })
      return
    }
    try {
      this.#audit?.record(auditEntry(job, caller, what))
    } catch (error) {
      this.#options.logger.error({ err: error, jobId: job.id }, 'could not write the audit trail')
    }
  }
}

/** Access control as the gateway's configuration asks for it. */
export function accessFor(
  config: Pick<
    GatewayConfig,
    'dataDir' | 'host' | 'authRequired' | 'rateLimit' | 'dailyQuota' | 'corsOrigins' | 'publicHosts'
  >,
  logger: Logger,
  now: () => Date = () => new Date(),
  shared?: SharedCounters
): AccessControl {
  return new AccessControl({
    dataDir: config.dataDir,
    requireTokens: tokensRequired(config),
    rate: config.rateLimit,
    dailyQuota: config.dailyQuota,
    now,
    logger,
    local: { origins: config.corsOrigins, hosts: config.publicHosts },
    ...(shared ? { shared } : {})
  })
}

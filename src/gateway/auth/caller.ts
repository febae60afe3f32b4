/**
 * Who is calling. Every `/v1` request passes through an `Authenticate` hook that returns the caller, whose
 * `owner` string owns the jobs it makes; it throws a `GatewayError` (401/429) to refuse. While auth is off
 * (loopback, no tokens) everyone is the owner "local"; with tokens the owner is the token's id (see
 * access.ts). `Admit` checks the daily image quota when a relight is submitted.
 */
import type { JobView } from '../../protocol/api.js'

export interface Caller {
  /** Jobs are stored and listed under this string. */
  readonly owner: string
  /** A label for logs (e.g. the token's name); never the credential itself. */
  readonly name: string
  /** Images a day; undefined = unlimited. */
  readonly dailyQuota?: number
}

export interface AuthenticateOptions {
  /** Whether this request costs nothing against the rate limit: an idempotent retry of a relight made. */
  readonly uncounted?: (caller: Caller) => Promise<boolean>
}

export type Authenticate = (headers: Headers, options?: AuthenticateOptions) => Promise<Caller>

/** Whether a caller may still use what it opened (an event stream); asked again while it runs. */
export type StillAllowed = (caller: Caller) => Promise<boolean>

/** A relight's claim on the quota: confirmed with the job it became, or given back. */
export interface Admission {
  accepted(job: JobView): void
  refused(): Promise<void>
}

/** Reserves the images a relight's raw `params` ask for, or throws a 429 when the quota is used up. */
export type Admit = (caller: Caller, params: unknown) => Promise<Admission>

export const LOCAL_CALLER: Caller = { owner: 'local', name: 'local' }

/** No auth: every request is the local owner. Only for a gateway listening on loopback. */
export const openAccess: Authenticate = async () => LOCAL_CALLER

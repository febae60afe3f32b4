/**
 * Who is calling. Every `/v1` request passes through an `Authenticate` hook that returns the caller, whose
 * `owner` string owns the jobs it makes; it throws a `GatewayError` (401/403/429) to refuse. While auth is
 * off (loopback only) everyone is the owner "local". Issue 6 plugs bearer tokens, quotas and rate limits in
 * here without touching the routes.
 */
export interface Caller {
  /** Jobs are stored and listed under this string. */
  readonly owner: string
  /** A label for logs (e.g. the token's name); never the credential itself. */
  readonly name: string
}

export type Authenticate = (headers: Headers) => Promise<Caller>

export const LOCAL_CALLER: Caller = { owner: 'local', name: 'local' }

/** No auth: every request is the local owner. Only for a gateway listening on loopback. */
export const openAccess: Authenticate = async () => LOCAL_CALLER

/**
 * Typed errors for every outbound call. The message is written for a designer; `body` keeps a short,
 * redacted excerpt of what the provider said for the logs. No key value ever enters either. An
 * UpstreamError is a ProviderError, so a job fails with its code and message as they are.
 */

export type UpstreamErrorCode =
  | 'unauthorized'
  | 'no_credits'
  | 'invalid_input'
  | 'not_found'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout'
  | 'bad_response'
  /** The gateway refused to follow a URL or redirect outside the provider's known hosts. */
  | 'refused'
  | 'too_large'

export interface ProviderIdentity {
  /** Short id: fal, replicate, segmind. */
  readonly provider: string
  /** Name a designer knows: "fal.ai". */
  readonly label: string
  /** The environment variable holding the key, named in messages (never its value). */
  readonly keyEnv: string
}

export interface UpstreamErrorInit {
  readonly code: UpstreamErrorCode
  readonly provider: string
  readonly message: string
  readonly status?: number
  readonly body?: string
  readonly requestId?: string
  readonly field?: string
  readonly retryAfterMs?: number
  /** False when the request provably never reached the provider (connection refused, DNS failure). */
  readonly reached?: boolean
}

/**
 * Thrown by an adapter for a failure the job should report as is (the message is shown to designers).
 * Here, below the adapters, so that the upstream layer never imports from providers/.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError'

  constructor(
    readonly code: string,
    message: string,
    readonly providerRequestId?: string
  ) {
    super(message)
  }
}

export class UpstreamError extends ProviderError {
  declare readonly code: UpstreamErrorCode
  readonly provider: string
  readonly status: number | undefined
  readonly body: string | undefined
  readonly requestId: string | undefined
  readonly field: string | undefined
  readonly retryAfterMs: number | undefined
  readonly reached: boolean

  constructor(init: UpstreamErrorInit) {
    super(init.code, init.message, init.requestId)
    this.provider = init.provider
    this.status = init.status
    this.body = init.body
    this.requestId = init.requestId
    this.field = init.field
    this.retryAfterMs = init.retryAfterMs
    this.reached = init.reached ?? true
  }
}

export const BODY_EXCERPT_LENGTH = 500

/** Replaces every secret (and its common encodings) with a marker, then trims to `max` characters. */
export function redact(text: string, secrets: readonly string[], max = BODY_EXCERPT_LENGTH): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length < 4) continue
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
      out = out.split(form).join('[redacted]')
    }
  }
  return out.length > max ? `${out.slice(0, max)}…` : out
}

/** Default mapping from an HTTP status to our code; providers override single statuses (Segmind 406). */
export function codeForStatus(
  status: number,
  overrides: Readonly<Partial<Record<number, UpstreamErrorCode>>> = {}
): UpstreamErrorCode {
  const override = overrides[status]
  if (override) return override
  if (status === 401) return 'unauthorized'
  if (status === 402 || status === 403) return 'no_credits'
  if (status === 404) return 'not_found'
  if (status === 408) return 'timeout'
  if (status === 429) return 'rate_limited'
  if (status === 413 || (status >= 400 && status < 500)) return 'invalid_input'
  if (status >= 500) return 'unavailable'
  return 'bad_response'
}

/** A message a designer can act on, for each code. `detail` is the provider's own (redacted) words. */
export function messageFor(
  who: ProviderIdentity,
  code: UpstreamErrorCode,
  extra: { status?: number; detail?: string; field?: string } = {}
): string {
  const { label, keyEnv } = who
  const http = extra.status ? ` (HTTP ${extra.status})` : ''
  switch (code) {
    case 'unauthorized':
      return `${label} rejected the gateway's key. Ask the gateway admin to check ${keyEnv}.`
    case 'no_credits':
      return `${label} says the account is out of credits. Ask the gateway admin to top it up, or pick another model.`
    case 'invalid_input': {
      const field = extra.field ? ` ${extra.field}` : ''
      const detail = extra.detail ? `: ${extra.detail}` : ''
      return `${label} refused the request${field ? ` (field${field})` : ''}${detail}${http}`
    }
    case 'not_found':
      return `${label} no longer knows this request${http}.`
    case 'rate_limited':
      return `${label} is limiting how fast the gateway may call it. Try again in a minute.`
    case 'unavailable':
      return `${label} is unavailable right now${http || (extra.detail ? ` (${extra.detail})` : '')}. Try again later or pick another model.`
    case 'timeout':
      return `${label} did not answer in time. Try again later or pick another model.`
    case 'bad_response':
      return `${label} sent an answer the gateway could not read${extra.detail ? ` (${extra.detail})` : ''}.`
    case 'refused':
      return `The gateway refused to follow ${label}'s answer: ${extra.detail ?? 'unexpected host'}.`
    case 'too_large':
      return `${label} returned a file larger than the gateway accepts.`
  }
}

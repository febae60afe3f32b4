/**
 * fal's temporary realtime token, minted by the gateway from its own key so the key never leaves it:
 * `POST {rest}/tokens/` with `Authorization: Key …` and `{ allowed_apps: [alias], token_expiration }`,
 * answered by the JWT as a bare JSON string (fal's client, libs/client/src/auth.ts). One token serves every
 * Live connection until 90% of its life (fal's client refreshes at the same point) or until fal rejects it.
 */
import { sleep } from '../../protocol/sleep.js'

/** fal's client asks for 120 s. */
const TOKEN_SECONDS = 120
/** fal's client retries the mint on these, and not on 401/403. */
const RETRYABLE = new Set([429, 502, 503, 504])
const TRIES = 3

export class FalTokenError extends Error {
  override readonly name = 'FalTokenError'
  constructor(
    readonly kind: 'auth' | 'unavailable',
    message: string
  ) {
    super(message)
  }
}

export interface FalTokenSource {
  get(): Promise<string>
  /** Forgets the cached token (fal rejected it, or its socket closed abnormally). */
  invalidate(): void
}

export interface FalTokenOptions {
  readonly restUrl: string
  readonly key: string
  /** The app's alias, e.g. "lcm-sd15-i2i" (fal scopes tokens by alias, not by the full id). */
  readonly alias: string
  readonly now?: () => number
}

async function mintOnce(options: FalTokenOptions): Promise<{ status: number; token?: string }> {
  const response = await fetch(`${options.restUrl}/tokens/`, {
    method: 'POST',
    headers: {
      authorization: `Key ${options.key}`,
      'content-type': 'application/json',
      accept: 'application/json'
    },
    body: JSON.stringify({ allowed_apps: [options.alias], token_expiration: TOKEN_SECONDS }),
    signal: AbortSignal.timeout(10_000)
  })
  if (!response.ok) {
    await response.body?.cancel()
    return { status: response.status }
  }
  const body: unknown = await response.json().catch(() => undefined)
  // Older proxies wrapped the token as { detail } (fal's client still reads that shape).
  const token = typeof body === 'string' ? body : (body as { detail?: unknown } | undefined)?.detail
  return typeof token === 'string' && token ? { status: response.status, token } : { status: 502 }
}

export async function mintFalToken(options: FalTokenOptions): Promise<string> {
  let status = 0
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    try {
      const answer = await mintOnce(options)
      if (answer.token) return answer.token
      status = answer.status
    } catch {
      status = 0 // unreachable or timed out: worth another try
    }
    if (status === 401 || status === 403) {
      throw new FalTokenError('auth', "fal.ai refused this gateway's key. Ask your admin to check FAL_KEY.")
    }
    if (status !== 0 && !RETRYABLE.has(status)) break
    if (attempt < TRIES) await sleep(150 * 2 ** (attempt - 1))
  }
  throw new FalTokenError(
    'unavailable',
    status
      ? `fal.ai could not start a Live session (HTTP ${status}). Try again in a moment.`
      : 'fal.ai could not be reached for Live. Try again in a moment.'
  )
}

export function falTokenSource(options: FalTokenOptions): FalTokenSource {
  const now = options.now ?? Date.now
  let cached: { token: Promise<string>; freshUntil: number } | undefined
  return {
    get() {
      if (!cached || cached.freshUntil <= now()) {
        const token = mintFalToken(options)
        const entry = { token, freshUntil: now() + TOKEN_SECONDS * 900 }
        cached = entry
        token.catch(() => {
          if (cached === entry) cached = undefined
        })
      }
      return cached.token
    },
    invalidate() {
      cached = undefined
    }
  }
}

/** Reading response bodies with a byte cap, and pulling a readable detail out of provider error bodies. */

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`)
    this.name = 'BodyTooLargeError'
  }
}

/** Streams the body, aborting as soon as it passes `maxBytes` (and before, when Content-Length says so). */
export async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw new BodyTooLargeError(maxBytes)
  }
  if (!response.body) return new Uint8Array(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new BodyTooLargeError(maxBytes)
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/** Like readCapped, but an oversize error body is cut instead of failing: it is only for messages. */
export async function readTextExcerpt(response: Response, maxBytes: number): Promise<string> {
  try {
    return new TextDecoder().decode(await readCapped(response, maxBytes))
  } catch (error) {
    if (error instanceof BodyTooLargeError) return ''
    throw error
  }
}

export interface ErrorDetail {
  readonly detail?: string
  readonly field?: string
}

function fieldFromLoc(loc: unknown): string | undefined {
  if (!Array.isArray(loc)) return undefined
  const parts = loc.filter((part) => part !== 'body' && part !== 'input').map(String)
  return parts.length ? parts.join('.') : undefined
}

/**
 * Understands the error bodies the providers send: fal's FastAPI `{ detail: [{ loc, msg }] }` or
 * `{ detail: "…" }`, Replicate's problem JSON `{ title, detail, invalid_fields: [{ field, description }] }`,
 * and the plain `{ error }` / `{ message }` of Segmind and proxies.
 */
export function describeErrorBody(text: string): ErrorDetail {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    const plain = text.trim()
    return plain && !plain.startsWith('<') ? { detail: plain.slice(0, 300) } : {}
  }
  if (typeof body !== 'object' || body === null) return {}
  const record = body as Record<string, unknown>
  const detail = record.detail
  if (Array.isArray(detail) && detail.length > 0) {
    const first = detail[0] as Record<string, unknown>
    const field = fieldFromLoc(first.loc)
    const msg = typeof first.msg === 'string' ? first.msg : undefined
    return { ...(msg ? { detail: msg } : {}), ...(field ? { field } : {}) }
  }
  const invalid = record.invalid_fields
  if (Array.isArray(invalid) && invalid.length > 0) {
    const first = invalid[0] as Record<string, unknown>
    const field = typeof first.field === 'string' ? first.field.replace(/^input\./, '') : undefined
    const description = typeof first.description === 'string' ? first.description : undefined
    return { ...(description ? { detail: description } : {}), ...(field ? { field } : {}) }
  }
  for (const key of ['detail', 'error', 'message', 'title']) {
    const value = record[key]
    if (typeof value === 'string' && value) return { detail: value.slice(0, 300) }
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { message?: unknown }).message === 'string'
    ) {
      return { detail: String((value as { message: string }).message).slice(0, 300) }
    }
  }
  return {}
}

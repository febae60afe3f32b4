/**
 * Segmind's synchronous call: `POST {api}/ic-light` with `x-api-key`, JSON body, answered with the image
 * bytes. 406 means the account is out of credits; `x-remaining-credits` reports the balance.
 */
import { type ImageContentType, sniffImageType } from '../../../protocol/image-type.js'
import type { Upstream } from '../../upstream/http.js'

/** A diffusion run with a high-res pass takes tens of seconds; Segmind holds the connection meanwhile. */
export const SEGMIND_TIMEOUT_MS = 180_000
export const SEGMIND_MAX_BYTES = 40 * 1024 * 1024

export interface SegmindImage {
  readonly bytes: Uint8Array
  readonly contentType: ImageContentType
  readonly remainingCredits?: number
}

export interface SegmindConfig {
  readonly upstream: Upstream
  readonly apiUrl: string
  readonly key: string
  readonly timeoutMs?: number
}

/** Some Segmind endpoints answer JSON `{ image: "<base64>" }` instead of bytes; accept both. */
function imageFromJson(bytes: Uint8Array): Uint8Array | undefined {
  try {
    const body = JSON.parse(new TextDecoder().decode(bytes)) as { image?: unknown }
    return typeof body.image === 'string' ? new Uint8Array(Buffer.from(body.image, 'base64')) : undefined
  } catch {
    return undefined
  }
}

export function createSegmindClient(config: SegmindConfig) {
  const { upstream } = config
  const url = `${config.apiUrl.replace(/\/+$/, '')}/ic-light`
  return {
    async run(input: unknown, signal?: AbortSignal): Promise<SegmindImage> {
      const response = await upstream.requestBytes(url, {
        kind: 'submit',
        method: 'POST',
        headers: { 'x-api-key': config.key, accept: 'image/*, application/json' },
        json: input,
        timeoutMs: config.timeoutMs ?? SEGMIND_TIMEOUT_MS,
        maxBytes: SEGMIND_MAX_BYTES,
        ...(signal ? { signal } : {})
      })
      const bytes = sniffImageType(response.bytes) ? response.bytes : imageFromJson(response.bytes)
      const contentType = bytes && sniffImageType(bytes)
      if (!bytes || !contentType) {
        throw upstream.error('bad_response', {
          detail: 'an answer that is not an image',
          ...idOf(response.requestId)
        })
      }
      const credits = Number(response.headers.get('x-remaining-credits') ?? NaN)
      return { bytes, contentType, ...(Number.isFinite(credits) ? { remainingCredits: credits } : {}) }
    }
  }
}

function idOf(requestId: string | undefined): { requestId?: string } {
  return requestId ? { requestId } : {}
}

export type SegmindClient = ReturnType<typeof createSegmindClient>

/**
 * Downloads a provider's result image: only from the provider's known hosts (or its configured base
 * URL's origin), never with the provider key, capped in size while streaming, typed by its bytes.
 */
import { type ImageContentType, sniffImageType } from '../../protocol/image-type.js'
import { hostOf, isAllowedUrl } from './hosts.js'
import type { Upstream } from './http.js'

export const MAX_DOWNLOAD_BYTES = 40 * 1024 * 1024
export const DOWNLOAD_TIMEOUT_MS = 60_000

export interface DownloadedImage {
  readonly bytes: Uint8Array
  readonly contentType: ImageContentType
}

export interface DownloadOptions {
  readonly maxBytes?: number
  readonly timeoutMs?: number
  readonly signal?: AbortSignal
  readonly requestId?: string
}

const DATA_URI = /^data:([\w/+.-]+)?(;base64)?,(.*)$/s

function decodeDataUri(uri: string): Uint8Array | undefined {
  const match = DATA_URI.exec(uri)
  if (!match || !match[2]) return undefined
  return new Uint8Array(Buffer.from(match[3] ?? '', 'base64'))
}

export async function downloadImage(
  upstream: Upstream,
  url: string,
  options: DownloadOptions = {}
): Promise<DownloadedImage> {
  const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES
  const extra = options.requestId ? { requestId: options.requestId } : {}
  let bytes: Uint8Array
  if (url.startsWith('data:')) {
    // A sync-mode answer carries the image inline: nothing to fetch.
    const decoded = decodeDataUri(url)
    if (!decoded) throw upstream.error('bad_response', { detail: 'an unreadable inline image', ...extra })
    if (decoded.byteLength > maxBytes) throw upstream.error('too_large', extra)
    bytes = decoded
  } else {
    const { hosts, baseUrl } = upstream.config
    if (!isAllowedUrl(url, hosts, baseUrl)) {
      throw upstream.error('refused', {
        detail: `a result on ${hostOf(url)}, which is not one of its hosts`,
        ...extra
      })
    }
    const response = await upstream.requestBytes(url, {
      kind: 'result',
      headers: { accept: 'image/*' },
      maxBytes,
      timeoutMs: options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
      ...extra
    })
    bytes = response.bytes
  }
  const contentType = sniffImageType(bytes)
  if (!contentType)
    throw upstream.error('bad_response', { detail: 'a result that is not an image', ...extra })
  return { bytes, contentType }
}

/** A base64 data URI for an image, the form fal, Replicate and Segmind all accept inline. */
export function toDataUri(bytes: Uint8Array, contentType: string): string {
  return `data:${contentType};base64,${Buffer.from(bytes).toString('base64')}`
}

/**
 * A streaming multipart/form-data reader with a limit per part, checked as the bytes arrive: a text part
 * over its limit is refused after its first bytes past the limit, not after the whole upload has been
 * buffered and parsed. Parts the caller will refuse anyway (unknown names) are counted, not kept.
 */
import { Buffer } from 'node:buffer'

export interface FormPart {
  readonly name: string
  /** Present for file parts (a Content-Disposition filename), as FormData tells files from text. */
  readonly filename?: string
  readonly bytes: Uint8Array
}

export interface PartLimits {
  /** Bytes a text part may hold. */
  readonly maxTextBytes: number
  /** Bytes a file part may hold, by field name; others use `maxBodyBytes`. */
  readonly maxFileBytes: Readonly<Record<string, number>>
  /** Part names whose bytes are kept; other parts keep their name only. */
  readonly keep: readonly string[]
  readonly maxParts: number
}

/** Why the form was refused while it was being read. */
export type FormProblem =
  | { readonly kind: 'text_too_large'; readonly name: string }
  | { readonly kind: 'file_too_large'; readonly name: string }
  | { readonly kind: 'too_many_parts' }
  | { readonly kind: 'malformed' }

export class FormRefusal extends Error {
  override readonly name = 'FormRefusal'
  constructor(readonly problem: FormProblem) {
    super(problem.kind)
  }
}

const CRLF = Buffer.from('\r\n')
const HEADERS_END = Buffer.from('\r\n\r\n')
/** A part's headers are a Content-Disposition and maybe a Content-Type: a few hundred bytes. */
const MAX_PART_HEADER_BYTES = 8 * 1024

type State = 'preamble' | 'boundary' | 'headers' | 'body' | 'done'

interface OpenPart {
  readonly name: string
  readonly filename?: string
  readonly keep: boolean
  readonly limit: number
  readonly chunks: Buffer[]
  size: number
}

/** `name="…"` or `name=token` from a Content-Disposition (not `filename=`). */
function dispositionParam(header: string, param: 'name' | 'filename'): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(
    header
  )
  if (!match) return undefined
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]
}

export class MultipartReader {
  readonly parts: FormPart[] = []
  readonly #delimiter: Buffer
  readonly #limits: PartLimits
  #state: State = 'preamble'
  #pending: Buffer
  #part: OpenPart | undefined
  #count = 0

  constructor(boundary: string, limits: PartLimits) {
    this.#delimiter = Buffer.from(`\r\n--${boundary}`)
    this.#limits = limits
    // The first boundary has no CRLF before it; supplying one lets a single delimiter find them all.
    this.#pending = Buffer.from(CRLF)
  }

  get done(): boolean {
    return this.#state === 'done'
  }

  /** Feeds the next bytes; throws a `FormRefusal` as soon as a limit is passed. */
  push(chunk: Uint8Array): void {
    if (this.#state === 'done') return // an epilogue after the last boundary is ignored
    this.#pending = this.#pending.length
      ? Buffer.concat([this.#pending, chunk])
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    while (this.#step()) {
      // each step consumes what it can and says whether another may proceed
    }
  }

  /** The body ended: the parts, or a refusal when the form was cut short. */
  finish(): FormPart[] {
    if (this.#state !== 'done') throw new FormRefusal({ kind: 'malformed' })
    return this.parts
  }

  #step(): boolean {
    switch (this.#state) {
      case 'preamble':
        return this.#skipPreamble()
      case 'boundary':
        return this.#afterBoundary()
      case 'headers':
        return this.#readHeaders()
      case 'body':
        return this.#readBody()
      case 'done':
        return false
    }
  }

  #skipPreamble(): boolean {
    const at = this.#pending.indexOf(this.#delimiter)
    if (at < 0) {
      this.#pending = this.#pending.subarray(Math.max(0, this.#pending.length - this.#delimiter.length))
      return false
    }
    this.#pending = this.#pending.subarray(at + this.#delimiter.length)
    this.#state = 'boundary'
    return true
  }

  #afterBoundary(): boolean {
    // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
    const lineEnd = this.#pending.indexOf(CRLF)
    if (this.#pending.subarray(0, 2).toString('latin1') === '--') {
      this.#state = 'done'
      this.#pending = Buffer.alloc(0)
      return false
    }
    if (lineEnd < 0) {
      if (this.#pending.length > 256) throw new FormRefusal({ kind: 'malformed' })
      return false
    }
    if (!/^[ \t]*$/.test(this.#pending.subarray(0, lineEnd).toString('latin1'))) {
      throw new FormRefusal({ kind: 'malformed' })
    }
    this.#pending = this.#pending.subarray(lineEnd + 2)
    this.#state = 'headers'
    return true
  }

  #readHeaders(): boolean {
    // A part without headers has no name to file it under.
    if (this.#pending.length >= 2 && this.#pending.subarray(0, 2).equals(CRLF)) {
      throw new FormRefusal({ kind: 'malformed' })
    }
    const end = this.#pending.indexOf(HEADERS_END)
    if (end < 0) {
      if (this.#pending.length > MAX_PART_HEADER_BYTES) throw new FormRefusal({ kind: 'malformed' })
      return false
    }
    const text = this.#pending.subarray(0, end).toString('utf8')
    this.#pending = this.#pending.subarray(end + HEADERS_END.length)
    const disposition = text
      .split('\r\n')
      .find((line) => /^content-disposition\s*:/i.test(line))
      ?.replace(/^[^:]*:/, '')
    const name = disposition === undefined ? undefined : dispositionParam(disposition, 'name')
    if (name === undefined) throw new FormRefusal({ kind: 'malformed' })
    if (++this.#count > this.#limits.maxParts) throw new FormRefusal({ kind: 'too_many_parts' })
    const filename = dispositionParam(disposition!, 'filename')
    const limit =
      filename === undefined
        ? this.#limits.maxTextBytes
        : (this.#limits.maxFileBytes[name] ?? Number.POSITIVE_INFINITY)
    this.#part = {
      name,
      ...(filename !== undefined ? { filename } : {}),
      keep: this.#limits.keep.includes(name),
      limit,
      chunks: [],
      size: 0
    }
    this.#state = 'body'
    return true
  }

  #readBody(): boolean {
    const at = this.#pending.indexOf(this.#delimiter)
    // Without the delimiter, all but its possible beginning at the end is the part's.
    const take = at >= 0 ? at : Math.max(0, this.#pending.length - (this.#delimiter.length - 1))
    if (take > 0) this.#append(this.#pending.subarray(0, take))
    if (at < 0) {
      this.#pending = Buffer.from(this.#pending.subarray(take))
      return false
    }
    const part = this.#part!
    this.parts.push({
      name: part.name,
      ...(part.filename !== undefined ? { filename: part.filename } : {}),
      bytes: part.keep ? Buffer.concat(part.chunks, part.size) : new Uint8Array(0)
    })
    this.#part = undefined
    this.#pending = this.#pending.subarray(at + this.#delimiter.length)
    this.#state = 'boundary'
    return true
  }

  #append(bytes: Buffer): void {
    const part = this.#part!
    part.size += bytes.length
    if (part.size > part.limit) {
      const kind = part.filename === undefined ? 'text_too_large' : 'file_too_large'
      throw new FormRefusal({ kind, name: part.name })
    }
    // A copy: the pending buffer is reused for the next chunk.
    if (part.keep) part.chunks.push(Buffer.from(bytes))
  }
}

/** The boundary parameter of a multipart Content-Type, unquoted. */
export function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType)
  return match?.[1] ?? match?.[2]
}

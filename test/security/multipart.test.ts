/**
 * The streaming form reader on bodies encoded by undici's FormData (what Node clients and the CLI send),
 * fed in every chunking: a boundary split across chunks must not matter, and a text part over its limit is
 * refused from its first bytes past the limit, before the rest of it exists.
 */
import { describe, expect, it } from 'vitest'

import {
  boundaryOf,
  FormRefusal,
  MultipartReader,
  type PartLimits
} from '../../src/gateway/http/multipart.js'

const LIMITS: PartLimits = {
  maxTextBytes: 1024,
  maxFileBytes: { params: 1024 },
  keep: ['image', 'mask', 'params'],
  maxParts: 8
}

async function encoded(form: FormData): Promise<{ bytes: Uint8Array; boundary: string }> {
  const response = new Response(form)
  const boundary = boundaryOf(response.headers.get('content-type')!)!
  return { bytes: new Uint8Array(await response.arrayBuffer()), boundary }
}

const PARAMS = '{"model":"local/studio","prompt":"warm\r\n--not a boundary"}'

function sample(): FormData {
  const form = new FormData()
  form.set('params', PARAMS)
  // Bytes that look like the start of a delimiter inside the file.
  const image = new Uint8Array(3000).map((_, i) => (i % 97 === 0 ? 13 : i % 89 === 0 ? 45 : i % 251))
  form.set('image', new Blob([image]), 'layer.png')
  form.set('note', 'dropped, but named')
  return form
}

describe('multipart reader', () => {
  it.each([1, 2, 3, 7, 64, 1000, 1 << 20])('reads the same parts fed %i bytes at a time', async (size) => {
    const { bytes, boundary } = await encoded(sample())
    const reader = new MultipartReader(boundary, LIMITS)
    for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size))
    const parts = reader.finish()
    expect(parts.map((part) => [part.name, part.filename, part.bytes.byteLength])).toEqual([
      ['params', undefined, Buffer.byteLength(PARAMS)],
      ['image', 'layer.png', 3000],
      ['note', undefined, 0]
    ])
    expect(new TextDecoder().decode(parts[0]!.bytes)).toBe(PARAMS)
    const image = (sample().get('image') as Blob).arrayBuffer()
    expect(Buffer.from(parts[1]!.bytes).equals(Buffer.from(await image))).toBe(true)
  })

  it('refuses a text part past its limit from the bytes that pass it, before the part ends', async () => {
    const form = new FormData()
    form.set('params', '['.repeat(100_000))
    const { bytes, boundary } = await encoded(form)
    const reader = new MultipartReader(boundary, LIMITS)
    let fed = 0
    let refusal: unknown
    try {
      for (; fed < bytes.length; fed += 512) reader.push(bytes.subarray(fed, fed + 512))
    } catch (error) {
      refusal = error
    }
    expect(refusal).toBeInstanceOf(FormRefusal)
    expect((refusal as FormRefusal).problem).toEqual({ kind: 'text_too_large', name: 'params' })
    expect(fed).toBeLessThan(4096)
  })

  it('refuses too many parts, a body cut short and a part without a name', async () => {
    const many = new FormData()
    for (let i = 0; i < 9; i++) many.append('image', new Blob([new Uint8Array(1)]), 'x.png')
    const { bytes, boundary } = await encoded(many)
    expect(() => new MultipartReader(boundary, LIMITS).push(bytes)).toThrow(FormRefusal)

    const { bytes: whole, boundary: b } = await encoded(sample())
    const cut = new MultipartReader(b, LIMITS)
    cut.push(whole.subarray(0, whole.length - 10))
    expect(() => cut.finish()).toThrow(FormRefusal)

    const nameless = new MultipartReader('x', LIMITS)
    expect(() =>
      nameless.push(Buffer.from('--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x--\r\n'))
    ).toThrow(FormRefusal)
  })
})

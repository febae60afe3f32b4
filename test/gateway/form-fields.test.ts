/**
 * The relight form, part by part: each of image, mask and params at most once, in the right kind of part,
 * not empty; a mask of another shape than the image refused; the wrong method on a known path a 405; only
 * canonical image numbers; and the request log saying why a request failed. Real server on loopback.
 */
import { Writable } from 'node:stream'

import { pino } from 'pino'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RunningGateway } from '../../src/gateway/server.js'
import type { ErrorBody, JobView } from '../../src/protocol/api.js'
import { fixture, readEvents, startTestGateway, STUDIO, submitOk, waitFor } from './helpers.js'

const lines: string[] = []
let gw: RunningGateway

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'))
      done()
    }
  })
  gw = await startTestGateway({}, { logger: pino({ level: 'info' }, sink) })
})
afterAll(() => gw.close())

const png = (bytes: Uint8Array): Blob => new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' })

type Part = readonly [name: string, value: string | Blob]

function formOf(parts: readonly Part[]): FormData {
  const form = new FormData()
  for (const [name, value] of parts) {
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, value, `${name}.png`)
  }
  return form
}

const PARAMS: Part = ['params', JSON.stringify(STUDIO)]
const IMAGE: Part = ['image', png(fixture('coffee.png'))]

function post(body: FormData | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gw.url}/v1/relight`, { method: 'POST', body, headers })
}

async function errorOf(response: Response, status: number, field?: string): Promise<ErrorBody['error']> {
  const body = (await response.json()) as ErrorBody
  expect(response.status, JSON.stringify(body)).toBe(status)
  expect(body.error.message).toMatch(/^\S+( \S+){3,}.*\.$/) // words ending in a full stop, not a code
  if (field !== undefined) expect(body.error.field).toBe(field)
  return body.error
}

/** A grey PNG mask of the given size, white on its left half. */
async function maskOf(width: number, height: number): Promise<Uint8Array> {
  const left = Math.max(1, Math.round(width / 2))
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: '#000' } })
      .composite([{ input: { create: { width: left, height, channels: 3, background: '#fff' } } }])
      .png()
      .toBuffer()
  )
}

const MASKED = { ...STUDIO, maskMode: 'image' }

describe('one of each part', () => {
  it.each([
    ['image', [PARAMS, IMAGE, IMAGE], /Send one image per request/],
    ['params', [PARAMS, ['params', JSON.stringify({ ...STUDIO, prompt: 'cold' })], IMAGE], /one "params"/],
    [
      'mask',
      [
        ['params', JSON.stringify(MASKED)],
        IMAGE,
        ['mask', png(fixture('coffee.png'))],
        ['mask', png(fixture('coffee.png'))]
      ],
      /one mask/
    ]
  ] as const)('two %s parts are a 400 naming the field', async (field, parts, message) => {
    const error = await errorOf(await post(formOf(parts)), 400, field)
    expect(error.code).toBe('duplicate_field')
    expect(error.message).toMatch(message)
    expect(error.message).toContain('2 times')
  })

  it('an unknown part is a 400 naming it, not silently ignored', async () => {
    const error = await errorOf(await post(formOf([PARAMS, IMAGE, ['prompt', 'neon night']])), 400, 'prompt')
    expect(error.code).toBe('unknown_field')
    expect(error.message).toMatch(/inside params/)
  })
})

describe('the kind of each part', () => {
  it('params sent as a small JSON file (a Blob) is accepted', async () => {
    const params = new Blob([JSON.stringify(STUDIO)], { type: 'application/json' })
    const response = await post(formOf([['params', params], IMAGE]))
    expect(response.status, await response.clone().text()).toBe(202)
    const { id } = (await response.json()) as { id: string }
    expect((await readEvents(gw.url, id)).views.at(-1)?.status).toBe('succeeded')
  })

  it('params sent as a large or binary file is a 400 on params that says to send JSON text', async () => {
    const big = new Blob([JSON.stringify({ ...STUDIO, negativePrompt: 'x'.repeat(70_000) })])
    expect((await errorOf(await post(formOf([['params', big], IMAGE])), 400, 'params')).message).toMatch(
      /JSON text field/
    )
    const binary = new Blob([new Uint8Array([0xff, 0xfe, 0x00, 0x81])])
    expect((await errorOf(await post(formOf([['params', binary], IMAGE])), 400, 'params')).message).toMatch(
      /JSON text/
    )
  })

  it.each([
    ['an array', '[{"model":"local/studio","prompt":"warm"}]'],
    ['null', 'null'],
    ['a string', '"warm light"'],
    ['a number', '42']
  ])('params that is %s is a 400 on params saying it must be an object', async (kind, text) => {
    const error = await errorOf(await post(formOf([['params', text], IMAGE])), 400, 'params')
    expect(error.code).toBe('invalid_params')
    expect(error.message).toContain(`must be a JSON object, not ${kind}`)
  })

  it('an empty (0-byte) image file is a 400 on image that says it is empty', async () => {
    const error = await errorOf(await post(formOf([PARAMS, ['image', png(new Uint8Array())]])), 400, 'image')
    expect(error.code).toBe('empty_file')
    expect(error.message).toMatch(/empty \(0 bytes\)/)
  })

  it('an empty mask file is a 400 on mask', async () => {
    const parts: Part[] = [['params', JSON.stringify(MASKED)], IMAGE, ['mask', png(new Uint8Array())]]
    expect((await errorOf(await post(formOf(parts)), 400, 'mask')).code).toBe('empty_file')
  })

  it('an image sent as a text field is a 400 on image that says to upload a file', async () => {
    const error = await errorOf(await post(formOf([PARAMS, ['image', 'iVBORw0KGgo...']])), 400, 'image')
    expect(error.code).toBe('invalid_file')
    expect(error.message).toMatch(/file upload/)
  })

  it('multipart/form-data without a boundary is a 400 that says so', async () => {
    const error = await errorOf(await post('--x\r\n\r\n', { 'content-type': 'multipart/form-data' }), 400)
    expect(error.code).toBe('malformed_body')
    expect(error.message).toMatch(/no boundary/)
  })
})

describe('a mask of another size than the image', () => {
  it('768×1024 on a 600×400 photo is a 400 on mask naming both sizes', async () => {
    const parts: Part[] = [
      ['params', JSON.stringify(MASKED)],
      IMAGE,
      ['mask', png(fixture('bottle-alpha.png'))]
    ]
    const error = await errorOf(await post(formOf(parts)), 400, 'mask')
    expect(error.code).toBe('mask_size_mismatch')
    expect(error.message).toContain('768×1024')
    expect(error.message).toContain('600×400')
  })

  it.each([
    [300, 200],
    [1200, 800],
    [601, 400] // within 1 % of 3:2
  ])('a %i×%i mask (the same aspect ratio) is scaled to the image', async (width, height) => {
    const parts: Part[] = [
      ['params', JSON.stringify(MASKED)],
      IMAGE,
      ['mask', png(await maskOf(width, height))]
    ]
    const response = await post(formOf(parts))
    expect(response.status, await response.clone().text()).toBe(202)
    const { id } = (await response.json()) as { id: string }
    const job = (await readEvents(gw.url, id)).views.at(-1)!
    expect(job.status).toBe('succeeded')
    expect(job.images[0]).toMatchObject({ width: 600, height: 400 })
  })

  it('a 3:2 mask on a 2:3 image is refused even though both sizes fit', async () => {
    const parts: Part[] = [
      ['params', JSON.stringify(MASKED)],
      ['image', png(await maskOf(400, 600))],
      ['mask', png(await maskOf(600, 400))]
    ]
    expect((await errorOf(await post(formOf(parts)), 400, 'mask')).code).toBe('mask_size_mismatch')
  })
})

describe('methods and image numbers', () => {
  it('GET /v1/relight is a 405 with Allow: POST and a JSON error', async () => {
    const response = await fetch(`${gw.url}/v1/relight`)
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toMatch(/^POST\b/)
    const error = await errorOf(response, 405)
    expect(error.code).toBe('method_not_allowed')
    expect(error.message).toMatch(/use POST/)
  })

  it('the wrong method on other known paths is a 405 too', async () => {
    const id = await submitOk(gw.url, STUDIO)
    const cases = [
      ['POST', '/v1/models', 'GET'],
      ['PUT', `/v1/jobs/${id}`, 'GET'],
      ['GET', `/v1/jobs/${id}/cancel`, 'POST'],
      ['PUT', `/v1/jobs/${id}/inserted`, 'POST'],
      ['POST', '/v1/jobs', 'GET'],
      ['POST', '/healthz', 'GET']
    ] as const
    for (const [method, path, allowed] of cases) {
      const response = await fetch(`${gw.url}${path}`, { method })
      expect(response.status, `${method} ${path}`).toBe(405)
      expect(response.headers.get('allow')).toContain(allowed)
      expect(((await response.json()) as ErrorBody).error.code).toBe('method_not_allowed')
    }
    // HEAD and the CORS preflight still work.
    expect((await fetch(`${gw.url}/v1/models`, { method: 'HEAD' })).status).toBe(200)
  })

  it('only canonical image numbers name an image: 00, +1, 1.0, 0x0 and -0 are 404s', async () => {
    const id = await submitOk(gw.url, { ...STUDIO, numImages: 2 })
    await readEvents(gw.url, id)
    expect((await fetch(`${gw.url}/v1/jobs/${id}/images/0`)).status).toBe(200)
    expect((await fetch(`${gw.url}/v1/jobs/${id}/images/1`)).status).toBe(200)
    for (const n of ['00', '01', '+1', '1.0', '0x0', '-0', '1e0', '%201', 'one']) {
      const response = await fetch(`${gw.url}/v1/jobs/${id}/images/${n}`)
      expect(response.status, n).toBe(404)
      expect(((await response.json()) as ErrorBody).error.code).toBe('image_not_found')
    }
  })
})

describe('list limit', () => {
  it('takes only plain digits: 0x10, 1e1, 5.0, +5 and " 5" are 400s on limit', async () => {
    expect((await fetch(`${gw.url}/v1/jobs?limit=5`)).status).toBe(200)
    for (const raw of ['0x10', '1e1', '5.0', '+5', '%205', '05', '101', '-1']) {
      const response = await fetch(`${gw.url}/v1/jobs?limit=${raw}`)
      expect((await errorOf(response, 400, 'limit')).code, raw).toBe('invalid_limit')
    }
  })
})

describe('request log', () => {
  function entryFor(requestId: string | null): Promise<Record<string, unknown>> {
    return waitFor(
      async () =>
        lines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((entry) => entry.requestId === requestId && entry.msg === 'request'),
      'the request log line'
    )
  }

  it('a 4xx line carries the error code and field, never the Authorization value', async () => {
    const secret = 'Bearer rlt_very-secret-token-value'
    const response = await fetch(`${gw.url}/v1/relight`, {
      method: 'POST',
      body: formOf([['params', JSON.stringify({ ...STUDIO, numImages: 9 })], IMAGE]),
      headers: { Authorization: secret }
    })
    expect(response.status).toBe(400)
    const entry = await entryFor(response.headers.get('x-request-id'))
    expect(entry).toMatchObject({ status: 400, code: 'invalid_params', field: 'numImages' })
    expect(lines.join('')).not.toContain('very-secret')
  })

  it('404s and 405s are logged with their codes; a 2xx line has none', async () => {
    const missing = await fetch(`${gw.url}/v1/jobs/nope`)
    expect(await entryFor(missing.headers.get('x-request-id'))).toMatchObject({
      status: 404,
      code: 'job_not_found'
    })
    const wrong = await fetch(`${gw.url}/v1/relight`)
    expect(await entryFor(wrong.headers.get('x-request-id'))).toMatchObject({
      status: 405,
      code: 'method_not_allowed'
    })
    const ok = await fetch(`${gw.url}/v1/models`)
    const entry = await entryFor(ok.headers.get('x-request-id'))
    expect(entry.status).toBe(200)
    expect(entry).not.toHaveProperty('code')
  })

  it('an arbitrary client-chosen field name is not echoed into the log', async () => {
    const response = await post(formOf([PARAMS, IMAGE, ['x y <script>', 'z']]))
    expect(response.status).toBe(400)
    const entry = await entryFor(response.headers.get('x-request-id'))
    expect(entry).toMatchObject({ code: 'unknown_field' })
    expect(entry).not.toHaveProperty('field')
  })
})

describe('after all that', () => {
  it('still relights', async () => {
    const id = await submitOk(gw.url, STUDIO)
    const job: JobView | undefined = (await readEvents(gw.url, id)).views.at(-1)
    expect(job?.status).toBe('succeeded')
  })
})

/** `POST /v1/relight`: a multipart form (image, optional mask, params JSON) becomes a queued job. */
import type { Context } from 'hono'

import type { SubmitView } from '../../protocol/api.js'
import type { Admit } from '../auth.js'
import { badRequest, GatewayError } from '../errors.js'
import type { JobService } from '../jobs/service.js'
import type { GatewayEnv } from './context.js'

const FIELDS = ['image', 'mask', 'params'] as const
type FieldName = (typeof FIELDS)[number]

/** A `params` part sent as a file (a client that appends a Blob) is read when it is this small. */
export const MAX_PARAMS_BYTES = 64 * 1024

const EXAMPLE_PARAMS = '{"model":"local/studio","prompt":"warm light"}'

const ONE_OF: Readonly<Record<FieldName, string>> = {
  image: 'Send one image per request.',
  mask: 'Send one mask per request.',
  params: 'Send one "params" field per request.'
}

function isMultipart(type: string): boolean {
  return type.split(';')[0]!.trim().toLowerCase() === 'multipart/form-data'
}

async function readForm(c: Context<GatewayEnv>): Promise<FormData> {
  const type = c.req.header('content-type') ?? ''
  if (!isMultipart(type)) {
    throw new GatewayError(
      415,
      'unsupported_content_type',
      'Send the relight as multipart/form-data with an "image" file and a "params" JSON field.'
    )
  }
  if (!/;\s*boundary=("[^"]+"|[^\s;]+)/i.test(type)) {
    throw badRequest(
      'malformed_body',
      'The Content-Type is multipart/form-data but has no boundary. Let your HTTP client set it: send a ' +
        'FormData body without setting Content-Type yourself.'
    )
  }
  try {
    return await c.req.formData()
  } catch (error) {
    if (error instanceof GatewayError) throw error
    throw badRequest('malformed_body', 'The upload could not be read as a multipart form. Try again.')
  }
}

/** Every part must be image, mask or params, each at most once: a repeat would silently win. */
function checkFields(form: FormData): void {
  const seen = new Set<string>()
  for (const name of form.keys()) {
    const field = name.slice(0, 100)
    if (!(FIELDS as readonly string[]).includes(name)) {
      throw badRequest(
        'unknown_field',
        `Unknown form field "${field}". Send "image", an optional "mask" and "params" ` +
          `(every setting goes inside params, e.g. ${EXAMPLE_PARAMS}).`,
        field
      )
    }
    if (seen.has(name)) {
      const count = form.getAll(name).length
      throw badRequest(
        'duplicate_field',
        `"${name}" was sent ${count} times. ${ONE_OF[name as FieldName]}`,
        name
      )
    }
    seen.add(name)
  }
}

async function fileField(form: FormData, name: 'image' | 'mask'): Promise<Uint8Array | undefined> {
  const value = form.get(name) ?? undefined
  if (value === undefined) return undefined
  if (typeof value === 'string') {
    throw badRequest(
      'invalid_file',
      `"${name}" must be a file upload (PNG, JPEG or WebP), not a text field.`,
      name
    )
  }
  if (value.size === 0) {
    throw badRequest(
      'empty_file',
      `The ${name} file is empty (0 bytes). Attach the ${name} as a PNG, JPEG or WebP file.`,
      name
    )
  }
  return new Uint8Array(await value.arrayBuffer())
}

async function paramsText(value: FormDataEntryValue): Promise<string> {
  if (typeof value === 'string') return value
  // Some clients append params as a Blob: accept it when it is small UTF-8 text.
  if (value.size > MAX_PARAMS_BYTES) {
    throw badRequest(
      'invalid_params',
      `"params" is a ${value.size}-byte file; send it as a JSON text field (at most ${MAX_PARAMS_BYTES / 1024} kB).`,
      'params'
    )
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await value.arrayBuffer())
  } catch {
    throw badRequest('invalid_params', '"params" must be JSON text, not binary data.', 'params')
  }
}

async function paramsField(form: FormData): Promise<unknown> {
  const value = form.get('params') ?? undefined
  if (value === undefined) {
    throw badRequest(
      'params_missing',
      'Add the "params" field: JSON with at least model and prompt.',
      'params'
    )
  }
  const text = await paramsText(value)
  let params: unknown
  try {
    params = JSON.parse(text) as unknown
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : ''
    throw badRequest(
      'invalid_json',
      `"params" is not valid JSON${detail}. Send an object like ${EXAMPLE_PARAMS}.`,
      'params'
    )
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    const kind = params === null ? 'null' : Array.isArray(params) ? 'an array' : `a ${typeof params}`
    throw badRequest(
      'invalid_params',
      `"params" must be a JSON object, not ${kind}. Send an object like ${EXAMPLE_PARAMS}.`,
      'params'
    )
  }
  return params
}

export function relightRoute(jobs: JobService, admit?: Admit) {
  return async (c: Context<GatewayEnv>): Promise<Response> => {
    const form = await readForm(c)
    checkFields(form)
    const params = await paramsField(form)
    const image = await fileField(form, 'image')
    const mask = await fileField(form, 'mask')
    const idempotencyKey = c.req.header('idempotency-key')
    const caller = c.get('caller')
    // The quota is taken before the job exists (so two racing submits cannot both squeeze in) and given
    // back when no new job comes of it.
    const admission = await admit?.(caller, params)
    let submitted: Awaited<ReturnType<JobService['submit']>>
    try {
      submitted = await jobs.submit(caller.owner, {
        params,
        ...(image ? { image } : {}),
        ...(mask ? { mask } : {}),
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {})
      })
    } catch (error) {
      await admission?.refused()
      throw error
    }
    const { job, replayed } = submitted
    if (replayed) await admission?.refused()
    else admission?.accepted(job)
    c.header('Location', `/v1/jobs/${job.id}`)
    if (replayed) c.header('Idempotent-Replayed', 'true')
    return c.json({ id: job.id, status: job.status } satisfies SubmitView, 202)
  }
}

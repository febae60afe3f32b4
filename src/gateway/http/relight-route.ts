/**
 * `POST /v1/relight`: a multipart form (image, optional mask and background, params JSON) becomes a queued
 * job.
 */
import type { Context } from 'hono'

import type { SubmitView } from '../../protocol/api.js'
import type { Admit } from '../auth/caller.js'
import { badRequest, clip } from '../errors.js'
import type { JobService } from '../jobs/service.js'
import type { GatewayEnv } from './context.js'
import type { FormPart } from './multipart.js'
import { FORM_FIELDS, readRelightForm } from './relight-form.js'

type FieldName = (typeof FORM_FIELDS)[number]

const EXAMPLE_PARAMS = '{"model":"local/studio","prompt":"warm light"}'

const ONE_OF: Readonly<Record<FieldName, string>> = {
  image: 'Send one image per request.',
  mask: 'Send one mask per request.',
  background: 'Send one background per request.',
  params: 'Send one "params" field per request.'
}

/** Every part must be image, mask, background or params, each at most once: a repeat would silently win. */
function checkFields(parts: readonly FormPart[]): Map<FieldName, FormPart> {
  const seen = new Map<FieldName, FormPart>()
  for (const part of parts) {
    const field = clip(part.name, 100)
    if (!(FORM_FIELDS as readonly string[]).includes(part.name)) {
      throw badRequest(
        'unknown_field',
        `Unknown form field "${field}". Send "image", an optional "mask" or "background", and "params" ` +
          `(every setting goes inside params, e.g. ${EXAMPLE_PARAMS}).`,
        field
      )
    }
    const name = part.name as FieldName
    if (seen.has(name)) {
      const count = parts.filter((other) => other.name === name).length
      throw badRequest('duplicate_field', `"${name}" was sent ${count} times. ${ONE_OF[name]}`, name)
    }
    seen.set(name, part)
  }
  return seen
}

function fileField(
  part: FormPart | undefined,
  name: 'image' | 'mask' | 'background'
): Uint8Array | undefined {
  if (part === undefined) return undefined
  if (part.filename === undefined) {
    throw badRequest(
      'invalid_file',
      `"${name}" must be a file upload (PNG, JPEG or WebP), not a text field.`,
      name
    )
  }
  if (part.bytes.byteLength === 0) {
    throw badRequest(
      'empty_file',
      `The ${name} file is empty (0 bytes). Attach the ${name} as a PNG, JPEG or WebP file.`,
      name
    )
  }
  return part.bytes
}

/** A text field, or a small file some clients send instead (a Blob): either way UTF-8 JSON text. */
function paramsText(part: FormPart): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(part.bytes)
  } catch {
    throw badRequest('invalid_params', '"params" must be JSON text, not binary data.', 'params')
  }
}

function paramsField(part: FormPart | undefined): unknown {
  if (part === undefined) {
    throw badRequest(
      'params_missing',
      'Add the "params" field: JSON with at least model and prompt.',
      'params'
    )
  }
  const text = paramsText(part)
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

export function relightRoute(jobs: JobService, maxBodyBytes: number, admit?: Admit) {
  return async (c: Context<GatewayEnv>): Promise<Response> => {
    const parts = await readRelightForm(c.req.raw.body, c.req.header('content-type') ?? '', maxBodyBytes)
    const fields = checkFields(parts)
    const params = paramsField(fields.get('params'))
    const image = fileField(fields.get('image'), 'image')
    const mask = fileField(fields.get('mask'), 'mask')
    const background = fileField(fields.get('background'), 'background')
    const idempotencyKey = c.req.header('idempotency-key')
    const caller = c.get('caller')
    // A retry of a relight already made takes nothing from the quota: it answers with the job it made.
    const retry = idempotencyKey !== undefined && (await jobs.isRetry(caller.owner, idempotencyKey))
    // The quota is taken before the job exists (so two racing submits cannot both squeeze in) and given
    // back when no new job comes of it.
    const admission = retry ? undefined : await admit?.(caller, params)
    let submitted: Awaited<ReturnType<JobService['submit']>>
    try {
      submitted = await jobs.submit(caller.owner, {
        params,
        ...(image ? { image } : {}),
        ...(mask ? { mask } : {}),
        ...(background ? { background } : {}),
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

/** `POST /v1/relight`: a multipart form (image, optional mask, params JSON) becomes a queued job. */
import type { Context } from 'hono'

import type { SubmitView } from '../../protocol/api.js'
import type { Admit } from '../auth.js'
import { badRequest, GatewayError } from '../errors.js'
import type { JobService } from '../jobs/service.js'
import type { GatewayEnv } from './context.js'

type Form = Record<string, string | File>

async function readForm(c: Context<GatewayEnv>): Promise<Form> {
  const type = c.req.header('content-type') ?? ''
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw new GatewayError(
      415,
      'unsupported_content_type',
      'Send the relight as multipart/form-data with an "image" file and a "params" JSON field.'
    )
  }
  try {
    return await c.req.parseBody()
  } catch (error) {
    if (error instanceof GatewayError) throw error
    throw badRequest('malformed_body', 'The upload could not be read as a multipart form. Try again.')
  }
}

async function fileField(form: Form, name: 'image' | 'mask'): Promise<Uint8Array | undefined> {
  const value = form[name]
  if (value === undefined) return undefined
  if (!(value instanceof File)) {
    throw badRequest('invalid_file', `"${name}" must be a file upload (PNG, JPEG or WebP), not text.`, name)
  }
  return new Uint8Array(await value.arrayBuffer())
}

function paramsField(form: Form): unknown {
  const value = form.params
  if (value === undefined) {
    throw badRequest(
      'params_missing',
      'Add the "params" field: JSON with at least model and prompt.',
      'params'
    )
  }
  const text = value instanceof File ? undefined : value
  if (typeof text !== 'string') throw badRequest('invalid_params', '"params" must be JSON text.', 'params')
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : ''
    throw badRequest(
      'invalid_json',
      `"params" is not valid JSON${detail}. Send an object like {"model":"local/studio","prompt":"warm light"}.`,
      'params'
    )
  }
}

export function relightRoute(jobs: JobService, admit?: Admit) {
  return async (c: Context<GatewayEnv>): Promise<Response> => {
    const form = await readForm(c)
    const params = paramsField(form)
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

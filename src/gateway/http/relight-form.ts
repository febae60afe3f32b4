/**
 * Reading the relight form off the wire: the body is counted against the upload limit and split into
 * parts as it arrives, so an oversized text part or body is refused while it is still coming in. After a
 * refusal the rest of the body is read and dropped in the background (the server bounds how much), so the
 * client can finish sending and read the answer.
 */
import { badRequest, clip, GatewayError } from '../errors.js'
import { boundaryOf, type FormPart, FormRefusal, MultipartReader } from './multipart.js'

/** `params` is a few hundred bytes of JSON; 64 kB leaves room for long prompts and every option. */
export const MAX_PARAMS_BYTES = 64 * 1024

/** image, mask, background and params, plus room to name a few wrong ones in the error. */
const MAX_PARTS = 16

export const FORM_FIELDS = ['image', 'mask', 'background', 'params'] as const

function isMultipart(type: string): boolean {
  return type.split(';')[0]!.trim().toLowerCase() === 'multipart/form-data'
}

export function bodyTooLarge(maxBytes: number): GatewayError {
  const mb = Math.round((maxBytes / 1024 ** 2) * 10) / 10
  return new GatewayError(
    413,
    'body_too_large',
    `The upload is larger than this gateway accepts (${mb} MB). Export the layer smaller and try again.`
  )
}

function refusal(error: FormRefusal): GatewayError {
  const { problem } = error
  const kb = MAX_PARAMS_BYTES / 1024
  switch (problem.kind) {
    case 'text_too_large':
      return problem.name === 'params'
        ? new GatewayError(
            413,
            'params_too_large',
            `"params" is larger than ${kb} kB. Send only the relight settings as JSON (model, prompt, ` +
              'options); the picture goes in the "image" file.',
            'params'
          )
        : new GatewayError(
            413,
            'field_too_large',
            `The text field "${clip(problem.name, 40)}" is larger than ${kb} kB. Send the image and mask ` +
              'as file uploads and the settings in "params".'
          )
    case 'file_too_large':
      return badRequest(
        'invalid_params',
        `"params" is a file larger than ${kb} kB; send it as a JSON text field (at most ${kb} kB).`,
        'params'
      )
    case 'too_many_parts':
      return badRequest(
        'too_many_parts',
        `The form has more than ${MAX_PARTS} parts. Send "image", an optional "mask" or "background", and "params".`
      )
    case 'malformed':
      return badRequest('malformed_body', 'The upload could not be read as a multipart form. Try again.')
  }
}

/** Reads and drops what is left of a refused body; ends when it ends or the server cuts the connection. */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    for (;;) if ((await reader.read()).done) return
  } catch {
    // the connection was closed: nothing left to drop
  }
}

/** The form's parts, in order; throws a `GatewayError` for a body that is not a usable form. */
export async function readRelightForm(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  maxBodyBytes: number
): Promise<FormPart[]> {
  if (!isMultipart(contentType)) {
    throw new GatewayError(
      415,
      'unsupported_content_type',
      'Send the relight as multipart/form-data with an "image" file and a "params" JSON field.'
    )
  }
  const boundary = boundaryOf(contentType)
  if (!boundary) {
    throw badRequest(
      'malformed_body',
      'The Content-Type is multipart/form-data but has no boundary. Let your HTTP client set it: send a ' +
        'FormData body without setting Content-Type yourself.'
    )
  }
  const form = new MultipartReader(boundary, {
    maxTextBytes: MAX_PARAMS_BYTES,
    maxFileBytes: { params: MAX_PARAMS_BYTES },
    keep: FORM_FIELDS,
    maxParts: MAX_PARTS
  })
  if (!body) throw refusal(new FormRefusal({ kind: 'malformed' }))
  const reader = body.getReader()
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return form.finish()
      size += value.byteLength
      if (size > maxBodyBytes) throw bodyTooLarge(maxBodyBytes)
      form.push(value)
    }
  } catch (error) {
    const refused = error instanceof FormRefusal ? refusal(error) : error
    if (refused instanceof GatewayError) {
      void discard(reader)
      throw refused
    }
    // The client went away mid-upload (or sent something unreadable).
    throw badRequest('malformed_body', 'The upload could not be read as a multipart form. Try again.')
  }
}

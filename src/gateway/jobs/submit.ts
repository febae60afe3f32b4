/**
 * Accepting a relight: validate the params against the catalog, check the model is available, honor the
 * Idempotency-Key, decode and size the image, then store the job with its upload (before any provider
 * call) and queue it, handing the decoded pixels to the runner.
 */
import { randomUUID } from 'node:crypto'

import type { ModelEntry } from '../../protocol/catalog.js'
import { parseRelightParams, type RelightParams } from '../../protocol/request.js'
import { badRequest, GatewayError } from '../errors.js'
import { type PreparedInput, prepareInput, storedUpload } from '../images.js'
import type { ProviderRegistry } from '../providers/registry.js'
import { requestFingerprint } from './fingerprint.js'
import type { JobRecord, JobStore } from './types.js'

export interface SubmitRequest {
  /** The `params` field, already JSON-parsed. */
  readonly params: unknown
  readonly image?: Uint8Array
  readonly mask?: Uint8Array
  /** A background to light the subject to match (models whose catalog entry accepts one). */
  readonly background?: Uint8Array
  readonly idempotencyKey?: string
}

export interface SubmitDeps {
  readonly store: JobStore
  readonly providers: ProviderRegistry
  readonly maxPixels: number
  readonly now: () => string
  readonly enqueue: (job: JobRecord) => void
  /** Hands the pixels decoded here to the runner, so the job does not decode its upload again. */
  readonly keepPrepared: (jobId: string, input: PreparedInput) => void
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/

/** Same-key submits run one after another, so a retry racing its original finds the original's job. */
const inFlight = new WeakMap<JobStore, Map<string, Promise<unknown>>>()

function serialized<T>(store: JobStore, key: string, run: () => Promise<T>): Promise<T> {
  let lanes = inFlight.get(store)
  if (!lanes) inFlight.set(store, (lanes = new Map()))
  const previous = lanes.get(key) ?? Promise.resolve()
  const next = previous.catch(() => {}).then(run)
  lanes.set(key, next)
  void next
    .catch(() => {})
    .finally(() => {
      if (lanes.get(key) === next) lanes.delete(key)
    })
  return next
}

interface Validated {
  readonly params: RelightParams
  readonly model: ModelEntry
  readonly image: Uint8Array
}

function validate(request: SubmitRequest, deps: SubmitDeps): Validated {
  const parsed = parseRelightParams(request.params)
  if (!parsed.ok) throw badRequest(parsed.error.code, parsed.error.message, parsed.error.field)
  if (!request.image?.length) {
    throw badRequest(
      'image_missing',
      'Attach the image to relight as the "image" file (PNG, JPEG or WebP).',
      'image'
    )
  }
  const resolved = deps.providers.resolve(parsed.model)
  if (!('provider' in resolved)) {
    throw new GatewayError(
      400,
      'model_unavailable',
      `${parsed.model.label} is not available: ${resolved.reason}`,
      'model'
    )
  }
  if (request.background && !deps.providers.acceptsBackground(parsed.model)) {
    throw badRequest(
      'background_unsupported',
      `${parsed.model.label} cannot match a background on this gateway. Use Studio (built in), or ask your ` +
        'admin to set up a model that takes one (GET /v1/models marks them with acceptsBackground).',
      'background'
    )
  }
  if (parsed.params.placement && !request.background) {
    throw badRequest(
      'background_missing',
      'placement says where the subject stands on a background: attach the background as the "background" file.',
      'placement'
    )
  }
  return { params: parsed.params, model: parsed.model, image: request.image }
}

async function create(owner: string, request: SubmitRequest, deps: SubmitDeps): Promise<Submitted> {
  const { params, model, image } = validate(request, deps)
  const key = request.idempotencyKey
  const requestHash = key ? requestFingerprint(params, image, request.mask, request.background) : undefined
  if (key) {
    const existing = await deps.store.findByIdempotencyKey(owner, key)
    if (existing && existing.requestHash === requestHash) return { job: existing, replayed: true }
    if (existing) {
      throw new GatewayError(
        409,
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request. Use a new key for a new relight.',
        'Idempotency-Key'
      )
    }
  }
  // A full decode here: what cannot be decoded is refused now (422), not failed later in the queue.
  const prepared = await prepareInput(
    { image, mask: request.mask, background: request.background },
    params,
    model,
    deps.maxPixels
  )
  // The upload's own bytes are what is made durable (no re-encode); decoded again only after a restart.
  const upload = storedUpload(image, 'image', deps.maxPixels)
  const uploadMask = request.mask && storedUpload(request.mask, 'mask', deps.maxPixels)
  const uploadBackground =
    request.background && storedUpload(request.background, 'background', deps.maxPixels)
  const job = await deps.store.create(
    {
      id: randomUUID(),
      owner,
      model: model.id,
      provider: model.provider,
      params,
      ...(key ? { idempotencyKey: key, requestHash } : {}),
      createdAt: deps.now()
    },
    {
      input: upload,
      ...(uploadMask ? { 'uploaded-mask': uploadMask } : {}),
      ...(uploadBackground ? { background: uploadBackground } : {})
    }
  )
  deps.keepPrepared(job.id, prepared)
  deps.enqueue(job)
  return { job, replayed: false }
}

export interface Submitted {
  readonly job: JobRecord
  readonly replayed: boolean
}

export function submitJob(owner: string, request: SubmitRequest, deps: SubmitDeps): Promise<Submitted> {
  const key = request.idempotencyKey
  if (key === undefined) return create(owner, request, deps)
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw badRequest(
      'invalid_idempotency_key',
      'The Idempotency-Key header must be 1 to 200 visible ASCII characters, e.g. a UUID.',
      'Idempotency-Key'
    )
  }
  return serialized(deps.store, `${owner}\n${key}`, () => create(owner, request, deps))
}

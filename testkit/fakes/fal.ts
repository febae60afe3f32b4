/**
 * A fake fal queue (queue.fal.run) speaking the documented protocol: submit under the full app path;
 * status, result and cancel under `{owner}/{alias}` only. A request moves IN_QUEUE (with its position)
 * → IN_PROGRESS (with tqdm logs) → COMPLETED over configurable polls. Results are real images served
 * from the fake's own host (or, on demand, from a foreign one).
 */
import type { ServerResponse } from 'node:http'

import { answerImage, type AnswerOverride, CONTENT_TYPE, formatOf } from './images.js'
import { type FakeServer, type RecordedRequest, sendJson, startFakeServer } from './server.js'

export interface FakeFalOptions {
  readonly key: string
  /** Status polls answered IN_QUEUE (queue_position counts down to 0, fal's "next up"). */
  readonly queuePolls?: number
  /** Status polls answered IN_PROGRESS with growing logs. */
  readonly progressPolls?: number
  /** Origin the result image URLs point at; defaults to the fake itself. */
  readonly resultOrigin?: string
  /** Results in another format or size than asked. */
  readonly answer?: AnswerOverride
  /** COMPLETED with this `error` (fal's status carries one when the run failed). */
  readonly failWith?: string
  /** A log message added once the request runs. */
  readonly logLine?: string
  /**
   * How long a request's model runs, in wall-clock ms from its submit: until then its status stays
   * IN_PROGRESS whatever the poll count (`setRunMs` changes it for later submits). Default 0.
   */
  readonly runMs?: number
}

export interface FalRequestState {
  readonly id: string
  readonly app: string
  readonly input: Record<string, unknown>
  polls: number
  canceled: boolean
  /** Epoch ms before which the request is not COMPLETED. */
  readonly doneAt: number
}

export interface FakeFal extends FakeServer {
  readonly jobs: Map<string, FalRequestState>
  /** Sets how long the requests submitted from now on run (see `FakeFalOptions.runMs`). */
  setRunMs(ms: number): void
}

const STATUS_OR_RESULT = /^\/([^/]+)\/([^/]+)\/requests\/([^/]+)(\/status|\/cancel)?$/

function tqdm(step: number, total: number): string {
  const pct = Math.round((step / total) * 100)
  return `${String(pct).padStart(3)}%|${'█'.repeat(Math.round(pct / 10)).padEnd(10)}| ${step}/${total} [00:0${step}<00:05,  4.20it/s]`
}

export async function startFakeFal(options: FakeFalOptions): Promise<FakeFal> {
  const queuePolls = options.queuePolls ?? 1
  const progressPolls = options.progressPolls ?? 2
  const jobs = new Map<string, FalRequestState>()
  const files = new Map<string, { bytes: Buffer; type: string }>()
  let counter = 0
  let self = ''
  let runMs = options.runMs ?? 0

  const state = (job: FalRequestState): 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' => {
    if (job.canceled) return 'COMPLETED'
    if (job.polls <= queuePolls) return 'IN_QUEUE'
    if (job.polls <= queuePolls + progressPolls) return 'IN_PROGRESS'
    // docs/providers.md: IN_PROGRESS while the model runs, COMPLETED once it is done; a slow model is
    // simply IN_PROGRESS for longer.
    if (Date.now() < job.doneAt) return 'IN_PROGRESS'
    return 'COMPLETED'
  }

  async function result(job: FalRequestState, res: ServerResponse): Promise<void> {
    if (job.canceled) return sendJson(res, 400, { detail: 'Request was cancelled.' })
    if (state(job) !== 'COMPLETED') return sendJson(res, 400, { detail: 'Request is still in progress' })
    const size = (job.input.image_size as { width?: number; height?: number } | undefined) ?? {}
    const width = size.width ?? 64
    const height = size.height ?? 64
    const format = formatOf((job.input.output_format ?? job.input.image_format ?? 'jpeg') as string)
    const count = Number(job.input.num_images ?? 1)
    const images = []
    for (let n = 0; n < count; n++) {
      const served = await answerImage(width, height, format, options.answer)
      const name = `${job.id}-${n}.${served.format}`
      files.set(name, { bytes: served.bytes, type: CONTENT_TYPE[served.format] })
      images.push({
        url: `${options.resultOrigin ?? self}/files/${name}`,
        width: options.answer?.width ?? width,
        height: options.answer?.height ?? height,
        content_type: CONTENT_TYPE[served.format]
      })
    }
    sendJson(res, 200, {
      images,
      seed: job.input.seed ?? 1234,
      prompt: job.input.prompt,
      has_nsfw_concepts: [false]
    })
  }

  async function handle(req: RecordedRequest, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.path.startsWith('/files/')) {
      const file = files.get(req.path.slice('/files/'.length))
      if (!file) return sendJson(res, 404, { detail: 'Not found' })
      res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.bytes.length) })
      return void res.end(file.bytes)
    }
    if (req.headers.authorization !== `Key ${options.key}`) {
      return sendJson(res, 401, { detail: 'Invalid authentication credentials' })
    }
    const match = STATUS_OR_RESULT.exec(req.path)
    if (match) {
      const [, owner, alias, id, action] = match
      const job = jobs.get(id!)
      if (!job || !job.app.startsWith(`${owner}/${alias}`))
        return sendJson(res, 404, { detail: 'Request not found' })
      const urls = requestUrls(self, `${owner}/${alias}`, job.id)
      if (action === '/status' && req.method === 'GET') {
        job.polls++
        const status = state(job)
        const position = Math.max(0, queuePolls - job.polls)
        const step = Math.max(0, Math.min(job.polls - queuePolls, progressPolls))
        const logs =
          status === 'IN_QUEUE'
            ? []
            : [{ message: 'Loading model', level: 'INFO', source: 'USER', timestamp: '' }]
        if (status !== 'IN_QUEUE' && options.logLine)
          logs.push({ message: options.logLine, level: 'INFO', source: 'USER', timestamp: '' })
        if (status !== 'IN_QUEUE')
          logs.push({ message: tqdm(step, progressPolls), level: 'STDERR', source: 'USER', timestamp: '' })
        const failed = status === 'COMPLETED' && options.failWith ? { error: options.failWith } : {}
        const body =
          status === 'IN_QUEUE'
            ? { status, queue_position: position, ...urls }
            : { status, logs, ...failed, ...urls }
        return sendJson(res, status === 'COMPLETED' ? 200 : 202, body)
      }
      if (action === '/cancel' && req.method === 'PUT') {
        if (state(job) === 'COMPLETED') return sendJson(res, 400, { status: 'ALREADY_COMPLETED' })
        job.canceled = true
        return sendJson(res, 202, { status: 'CANCELLATION_REQUESTED' })
      }
      if (!action && req.method === 'GET') return result(job, res)
    }
    if (req.method === 'POST' && req.path.split('/').length >= 3) {
      const app = req.path.slice(1)
      const invalid = app === 'fal-ai/lora/image-to-image' ? loraProblem(req.body) : undefined
      if (invalid) return sendJson(res, 422, { detail: [invalid] })
      const id = `fal-req-${++counter}`
      const input = (req.body ?? {}) as Record<string, unknown>
      jobs.set(id, { id, app, input, polls: 0, canceled: false, doneAt: Date.now() + runMs })
      const root = app.split('/').slice(0, 2).join('/')
      return sendJson(res, 200, {
        request_id: id,
        status: 'IN_QUEUE',
        queue_position: queuePolls,
        ...requestUrls(self, root, id)
      })
    }
    sendJson(res, 404, { detail: 'Not found' })
  }

  const server = await startFakeServer(handle)
  self = server.url
  return {
    ...server,
    jobs,
    setRunMs(ms: number) {
      runMs = ms
    }
  }
}

function requestUrls(origin: string, root: string, id: string) {
  const base = `${origin}/${root}/requests/${id}`
  return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` }
}

/** fal's validation error item (FastAPI's shape: where, what, which kind). */
interface FieldProblem {
  readonly loc: readonly string[]
  readonly msg: string
  readonly type: string
}

/** A `data:` URI of a PNG or JPEG, or an http(s) URL: what an image URL field can be fetched from. */
function imageUrlProblem(value: unknown, field: string): FieldProblem | undefined {
  const loc = ['body', field]
  if (typeof value !== 'string') return { loc, msg: 'Input should be a valid string', type: 'string_type' }
  if (/^https?:\/\//.test(value)) return undefined
  const data = /^data:image\/(png|jpeg);base64,(.+)$/.exec(value)
  if (!data) return { loc, msg: 'Could not fetch the image from the URL', type: 'image_load_error' }
  const bytes = Buffer.from(data[2]!, 'base64')
  const png = bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8
  return png || jpeg ? undefined : { loc, msg: 'Could not decode the image', type: 'image_load_error' }
}

/**
 * fal-ai/lora/image-to-image's IC-Light fields (docs/providers.md, the fal-ai/lora/image-to-image table):
 * `ic_light_model_url`, `ic_light_model_background_image_url` and `ic_light_image_url` are strings, the
 * last two URLs of images. The page is silent on how they combine; the stricter reading is modelled: a
 * background image conditions IC-Light's model, so it needs that model's weights and the foreground image.
 */
function loraProblem(body: unknown): FieldProblem | undefined {
  const input = (body ?? {}) as Record<string, unknown>
  const background = input.ic_light_model_background_image_url
  if (background === undefined) return undefined
  const problem = imageUrlProblem(background, 'ic_light_model_background_image_url')
  if (problem) return problem
  if (typeof input.ic_light_model_url !== 'string' || !/^https:\/\//.test(input.ic_light_model_url)) {
    return {
      loc: ['body', 'ic_light_model_url'],
      msg: 'A background image needs the IC Light model URL',
      type: 'missing'
    }
  }
  return imageUrlProblem(input.ic_light_image_url, 'ic_light_image_url')
}

/**
 * A fake Replicate API: predictions created under /models/{owner}/{name}/predictions move starting →
 * processing (tqdm logs) → succeeded over configurable polls, honoring `Prefer: wait` when asked to
 * finish fast. Output URLs point at the fake's own /files (or a foreign origin on demand).
 * `GET /predictions` lists them as Replicate documents it (HTTP API reference, "predictions.list"): all
 * of the account's predictions, newest first, at most 100 a page, `{ next, previous, results }` with
 * `next` the URL of the next page (`?cursor=…`) or null; each result carries `id`, `model`, `input`,
 * `status`, `created_at`, `urls`. A prediction exists once the create request arrives, whether or not its
 * answer ever reaches the caller.
 */
import type { ServerResponse } from 'node:http'

import { answerImage, type AnswerOverride, formatOf } from './images.js'
import { type FakeServer, type RecordedRequest, sendJson, startFakeServer } from './server.js'

export interface FakeReplicateOptions {
  readonly token: string
  /** Polls answered "starting". */
  readonly startingPolls?: number
  /** Polls answered "processing" with growing logs. */
  readonly processingPolls?: number
  /** Finish inside the create call when the client sends `Prefer: wait`. */
  readonly finishWithinWait?: boolean
  /** Fail the prediction (status "failed") with this error once processing ends. */
  readonly failWith?: string
  /** A line added to every non-empty `logs` (a model printing whatever it was given). */
  readonly logLine?: string
  readonly resultOrigin?: string
  /** Outputs in another format or size than asked. */
  readonly answer?: AnswerOverride
  /** How long the create call takes to answer (the prediction exists from the start). */
  readonly createDelayMs?: number
  /** Page size of `GET /predictions` (Replicate's is 100). */
  readonly pageSize?: number
  /**
   * Creates whose prediction is made but whose answer is lost (the connection drops): the first n. The
   * docs are silent on a create cut off on its way back; the stricter case is that it runs and bills.
   */
  readonly dropCreateAnswers?: number
}

export interface PredictionState {
  readonly id: string
  readonly model: string
  readonly input: Record<string, unknown>
  polls: number
  canceled: boolean
  output?: string[]
  readonly createdAt: string
}

export interface FakeReplicate extends FakeServer {
  readonly predictions: Map<string, PredictionState>
}

export async function startFakeReplicate(options: FakeReplicateOptions): Promise<FakeReplicate> {
  const startingPolls = options.startingPolls ?? 1
  const processingPolls = options.processingPolls ?? 2
  const predictions = new Map<string, PredictionState>()
  const files = new Map<string, Buffer>()
  let counter = 0
  let dropped = 0
  let self = ''

  const statusOf = (p: PredictionState): string => {
    if (p.canceled) return 'canceled'
    if (p.polls <= startingPolls) return 'starting'
    if (p.polls <= startingPolls + processingPolls) return 'processing'
    return options.failWith ? 'failed' : 'succeeded'
  }

  async function view(p: PredictionState) {
    const status = statusOf(p)
    const steps = Math.min(Math.max(0, p.polls - startingPolls), processingPolls)
    const logs =
      status === 'starting'
        ? ''
        : `Seed: ${String(p.input.seed)}\n${options.logLine ? `${options.logLine}\n` : ''}${Math.round((steps / processingPolls) * 100)}%|█| ${steps}/${processingPolls} [00:01<00:01]\n`
    if (status === 'succeeded' && !p.output) {
      const format = formatOf(p.input.output_format as string)
      const count = Number(p.input.number_of_images ?? 1)
      p.output = []
      for (let n = 0; n < count; n++) {
        const width = Number(p.input.width ?? 64)
        const height = Number(p.input.height ?? 64)
        const served = await answerImage(width, height, format, options.answer)
        const name = `${p.id}-${n}.${served.format === 'jpeg' ? 'jpg' : served.format}`
        files.set(name, served.bytes)
        p.output.push(`${options.resultOrigin ?? self}/files/${name}`)
      }
    }
    return {
      id: p.id,
      model: p.model,
      version: 'dp-fake',
      input: p.input,
      logs,
      output: status === 'succeeded' ? p.output : null,
      error: status === 'failed' ? options.failWith : null,
      status,
      created_at: p.createdAt,
      data_removed: false,
      source: 'api',
      urls: { get: `${self}/predictions/${p.id}`, cancel: `${self}/predictions/${p.id}/cancel` }
    }
  }

  async function list(req: RecordedRequest, res: ServerResponse): Promise<void> {
    const size = options.pageSize ?? 100
    const cursor = new URL(req.url, self).searchParams.get('cursor')
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0
    if (!Number.isInteger(start) || start < 0) {
      return sendJson(res, 400, { title: 'Bad cursor', detail: 'Invalid cursor', status: 400 })
    }
    const newestFirst = [...predictions.values()].reverse()
    const page = newestFirst.slice(start, start + size)
    const results = []
    for (const p of page) results.push(await view(p))
    const at = (n: number) => `${self}/predictions?cursor=${Buffer.from(String(n)).toString('base64url')}`
    sendJson(res, 200, {
      next: start + size < newestFirst.length ? at(start + size) : null,
      previous: start > 0 ? at(Math.max(0, start - size)) : null,
      results
    })
  }

  async function handle(req: RecordedRequest, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.path.startsWith('/files/')) {
      const file = files.get(req.path.slice('/files/'.length))
      if (!file) return sendJson(res, 404, { detail: 'Not found' })
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      return void res.end(file)
    }
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      return sendJson(res, 401, {
        title: 'Unauthenticated',
        detail: 'You did not pass a valid authentication token',
        status: 401
      })
    }
    if (req.path === '/predictions' && req.method === 'GET') return list(req, res)
    const create = /^\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(req.path)
    if (create && req.method === 'POST') {
      const body = (req.body ?? {}) as { input?: Record<string, unknown> }
      const p: PredictionState = {
        id: `rep${++counter}`,
        model: `${create[1]}/${create[2]}`,
        input: body.input ?? {},
        polls: 0,
        canceled: false,
        createdAt: new Date().toISOString()
      }
      predictions.set(p.id, p)
      if (options.createDelayMs) await new Promise((resolve) => setTimeout(resolve, options.createDelayMs))
      if (dropped < (options.dropCreateAnswers ?? 0)) {
        dropped++
        return void res.socket?.destroy()
      }
      if (options.finishWithinWait && /wait/.test(req.headers.prefer ?? ''))
        p.polls = startingPolls + processingPolls + 1
      return sendJson(res, 201, await view(p))
    }
    const one = /^\/predictions\/([^/]+)(\/cancel)?$/.exec(req.path)
    const p = one ? predictions.get(one[1]!) : undefined
    if (one && !p)
      return sendJson(res, 404, { title: 'Not found', detail: 'Prediction not found', status: 404 })
    if (p && one?.[2] && req.method === 'POST') {
      if (['starting', 'processing'].includes(statusOf(p))) p.canceled = true
      return sendJson(res, 200, await view(p))
    }
    if (p && req.method === 'GET') {
      p.polls++
      return sendJson(res, 200, await view(p))
    }
    sendJson(res, 404, { title: 'Not found', detail: 'Not found', status: 404 })
  }

  const server = await startFakeServer(handle)
  self = server.url
  return { ...server, predictions }
}

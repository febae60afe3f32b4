/**
 * A fake Segmind API: `POST /ic-light` with `x-api-key` answers with the image bytes in the requested
 * format and reports `x-remaining-credits`; 406 once the credits run out.
 */
import type { ServerResponse } from 'node:http'

import { answerImage, type AnswerOverride, CONTENT_TYPE, formatOf } from './images.js'
import { type FakeServer, type RecordedRequest, sendJson, startFakeServer } from './server.js'

export interface FakeSegmindOptions {
  readonly key: string
  /** Calls that succeed before the account is out of credits. */
  readonly credits?: number
  /** Delay before answering, like a real diffusion run. */
  readonly delayMs?: number
  /** Answers in another format or size than asked. */
  readonly answer?: AnswerOverride
}

export interface FakeSegmind extends FakeServer {
  credits: number
}

export async function startFakeSegmind(options: FakeSegmindOptions): Promise<FakeSegmind> {
  const state = { credits: options.credits ?? 100 }
  async function handle(req: RecordedRequest, res: ServerResponse): Promise<void> {
    if (req.path !== '/ic-light') return sendJson(res, 404, { error: 'Not found' })
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'Method not allowed' })
    if (req.headers['x-api-key'] !== options.key) return sendJson(res, 401, { error: 'Unauthorized' })
    if (state.credits <= 0) return sendJson(res, 406, { error: 'Not enough credits' })
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs))
    state.credits--
    const body = (req.body ?? {}) as Record<string, unknown>
    const asked = formatOf(body.output_format as string)
    const width = Number(body.width ?? 64)
    const height = Number(body.height ?? 64)
    const { bytes, format } = await answerImage(width, height, asked, options.answer)
    res.writeHead(200, { 'content-type': CONTENT_TYPE[format], 'x-remaining-credits': String(state.credits) })
    res.end(bytes)
  }
  const server = await startFakeServer(handle)
  const fake = server as FakeSegmind
  Object.defineProperty(fake, 'credits', {
    get: () => state.credits,
    set: (value: number) => {
      state.credits = value
    },
    enumerable: true
  })
  return fake
}

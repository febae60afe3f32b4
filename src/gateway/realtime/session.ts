/**
 * One designer's Live connection. At most one frame is with fal at a time; a frame arriving meanwhile
 * waits as the only pending one, and a newer frame replaces it (the replaced one is answered `skipped`,
 * never sent, never counted), so dragging a slider cannot build a backlog. Each frame sent to fal takes
 * one request from the token's rate and one image from its quota, given back if fal never got it.
 */
import WebSocket, { type RawData } from 'ws'

import {
  LIVE_CLOSE,
  LIVE_LIMITS,
  type LiveErrorCode,
  type LiveFrameRequest,
  type LiveServerMessage,
  parseLiveFrame,
  REALTIME_MODEL
} from '../../protocol/realtime.js'
import type { Caller } from '../auth/caller.js'
import { GatewayError } from '../errors.js'
import { withoutPrompt } from '../jobs/log-privacy.js'
import type { Logger } from '../log.js'
import { type FalEvent, type FalRealtimeResult, FalSocket, FalSocketError } from './fal-socket.js'
import { FalTokenError, type FalTokenSource } from './fal-token.js'

/** Takes one frame's share of the rate and quota; the function it returns gives the image back. */
export type MeterFrame = (caller: Caller) => Promise<() => Promise<void>>

export interface SessionDeps {
  readonly caller: Caller
  readonly tokens: FalTokenSource
  /** fal's socket URL for the app, without the token. */
  readonly falUrl: string
  readonly meter: MeterFrame
  /** Whether the caller's token still stands (not revoked); absent: always. */
  readonly stillAllowed?: (caller: Caller) => Promise<boolean>
  readonly idleMs: number
  readonly frameTimeoutMs: number
  readonly logger: Logger
  readonly onEnd: () => void
}

interface InFlight {
  readonly frame: LiveFrameRequest
  readonly receivedAt: number
  readonly timer: ReturnType<typeof setTimeout>
  /** A frame is sent again once after fal rejects a cached token; never twice. */
  retried: boolean
}

function falInput(frame: LiveFrameRequest): Record<string, unknown> {
  return {
    prompt: frame.prompt,
    image_url: frame.image,
    strength: frame.strength ?? LIVE_LIMITS.strength.default,
    negative_prompt: frame.negativePrompt ?? '',
    seed: frame.seed ?? Math.floor(Math.random() * 2 ** 31),
    guidance_scale: frame.guidance ?? LIVE_LIMITS.guidance.default,
    num_inference_steps: frame.steps ?? LIVE_LIMITS.steps.default,
    num_images: 1,
    // The image comes back inside the result: the plugin may only reach the gateway, not fal's CDN.
    sync_mode: true,
    enable_safety_checks: true,
    request_id: `relight-${frame.id}`
  }
}

export class LiveSession {
  #pending: { frame: LiveFrameRequest; receivedAt: number } | undefined
  #inFlight: InFlight | undefined
  #upstream: Promise<FalSocket> | undefined
  #idle: ReturnType<typeof setTimeout> | undefined
  #ended = false
  /** Events from a socket the session has already let go of are ignored. */
  #generation = 0
  /** For the log line at the end: what this connection cost and saved. */
  readonly #counts = { sent: 0, rendered: 0, skipped: 0, failed: 0, startedAt: Date.now() }

  constructor(
    private readonly client: WebSocket,
    private readonly deps: SessionDeps
  ) {
    client.on('message', (data, isBinary) => this.#onClientMessage(data, isBinary))
    client.on('close', () => this.#end())
    client.on('error', () => this.#end())
    this.#send({ type: 'ready', model: REALTIME_MODEL, idleSeconds: Math.round(deps.idleMs / 1000) })
    this.#touch()
  }

  /** Ends the session with a typed reason first (shutdown, idle). */
  close(code: LiveErrorCode, message: string, closeCode: number): void {
    if (this.#ended) return
    this.#send({ type: 'error', code, message, fatal: true })
    this.client.close(closeCode, code)
    this.#end()
  }

  #send(message: LiveServerMessage): void {
    if (this.client.readyState === WebSocket.OPEN) this.client.send(JSON.stringify(message))
  }

  #fail(code: LiveErrorCode, message: string, id?: number, retryAfterSeconds?: number): void {
    this.#counts.failed++
    this.#send({
      type: 'error',
      code,
      message,
      fatal: false,
      ...(id === undefined ? {} : { id }),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds })
    })
  }

  #touch(): void {
    clearTimeout(this.#idle)
    this.#idle = setTimeout(() => {
      const seconds = Math.round(this.deps.idleMs / 1000)
      this.close(
        'idle_timeout',
        `Live paused after ${seconds} s without changes; the next change picks it up again.`,
        LIVE_CLOSE.idle
      )
    }, this.deps.idleMs)
  }

  #onClientMessage(data: RawData, isBinary: boolean): void {
    if (this.#ended) return
    this.#touch()
    let raw: unknown
    try {
      raw = isBinary ? undefined : JSON.parse(String(data))
    } catch {
      raw = undefined
    }
    const parsed = parseLiveFrame(raw)
    if (!parsed.ok) {
      const id = (raw as { id?: unknown } | undefined)?.id
      return this.#fail('bad_frame', parsed.message, typeof id === 'number' ? id : undefined)
    }
    const entry = { frame: parsed.frame, receivedAt: performance.now() }
    if (!this.#inFlight) return void this.#dispatch(entry)
    if (this.#pending) {
      this.#counts.skipped++
      this.#send({ type: 'skipped', id: this.#pending.frame.id })
    }
    this.#pending = entry
  }

  async #dispatch(entry: { frame: LiveFrameRequest; receivedAt: number }): Promise<void> {
    const { frame } = entry
    const timer = setTimeout(() => this.#timedOut(frame.id), this.deps.frameTimeoutMs)
    const inFlight: InFlight = { frame, receivedAt: entry.receivedAt, timer, retried: false }
    this.#inFlight = inFlight
    let refund: (() => Promise<void>) | undefined
    try {
      if (this.deps.stillAllowed && !(await this.deps.stillAllowed(this.deps.caller))) {
        this.#settle()
        const message = 'Your token was revoked, so Live stopped. Ask your admin for a new token.'
        return this.close('token_revoked', message, LIVE_CLOSE.ticket)
      }
      refund = await this.deps.meter(this.deps.caller)
      const upstream = await this.#connect()
      if (this.#inFlight !== inFlight) return void (await refund())
      upstream.send(falInput(frame))
      this.#counts.sent++
    } catch (error) {
      if (refund) await refund().catch(() => undefined)
      if (this.#inFlight !== inFlight) return
      this.#settle()
      this.#refused(error, frame.id, frame.prompt)
      this.#next()
    }
  }

  #refused(error: unknown, id: number, prompt: string): void {
    // The meter's refusals (rate, quota) carry their Retry-After.
    if (error instanceof GatewayError && (error.status === 401 || error.status === 429)) {
      const code = error.code === 'quota_exceeded' ? 'quota_exceeded' : 'rate_limited'
      const retry = Number(error.headers['Retry-After'])
      return this.#fail(code, error.message, id, Number.isFinite(retry) ? retry : undefined)
    }
    if (error instanceof FalTokenError) {
      return this.#fail(error.kind === 'auth' ? 'provider_auth' : 'provider_unavailable', error.message, id)
    }
    if (error instanceof FalSocketError) {
      if (error.status === 401 || error.status === 403) {
        this.deps.tokens.invalidate()
        return this.#fail(
          'provider_auth',
          'fal.ai refused the Live session. Try again; if it persists, ask your admin to check FAL_KEY.',
          id
        )
      }
      return this.#fail('provider_unavailable', `${error.message} Try again in a moment.`, id)
    }
    // An unexpected error may quote the frame it failed on: its prompt stays out of the log.
    const clean = (text: string): string => withoutPrompt(text, prompt, false)
    const err =
      error instanceof Error
        ? { type: error.name, message: clean(error.message), stack: clean(error.stack ?? '') }
        : { message: clean(String(error)) }
    this.deps.logger.error({ err }, 'live frame failed')
    this.#fail(
      'provider_unavailable',
      'The Live frame could not be sent to fal.ai. Try again in a moment.',
      id
    )
  }

  #connect(): Promise<FalSocket> {
    this.#upstream ??= (async () => {
      const generation = this.#generation
      const token = await this.deps.tokens.get()
      return FalSocket.open(this.deps.falUrl, token, (event) => {
        if (generation === this.#generation) this.#onFal(event)
      })
    })()
    const upstream = this.#upstream
    upstream.catch(() => {
      if (this.#upstream === upstream) this.#upstream = undefined
    })
    return upstream
  }

  #onFal(event: FalEvent): void {
    if (this.#ended) return
    const inFlight = this.#inFlight
    switch (event.kind) {
      case 'result':
        return this.#result(event.result)
      case 'error':
        // fal closes a session it has not heard from with TIMEOUT; the next frame simply reconnects.
        if (event.error === 'TIMEOUT' || event.reason === 'TIMEOUT') return
        if (!inFlight) return
        this.#settle()
        this.#fail(
          'provider_error',
          `fal.ai could not render this frame: ${event.reason || event.error}.`,
          inFlight.frame.id
        )
        return this.#next()
      case 'unauthorized':
        this.deps.tokens.invalidate()
        this.#dropUpstream()
        if (!inFlight) return
        if (!inFlight.retried) {
          inFlight.retried = true // the cached token may simply have expired: one fresh token, same frame
          void this.#connect()
            .then((upstream) => this.#inFlight === inFlight && upstream.send(falInput(inFlight.frame)))
            .catch((error: unknown) => this.#inFlight === inFlight && this.#abandon(error))
          return
        }
        this.#settle()
        this.#fail(
          'provider_auth',
          'fal.ai refused the Live session. Ask your admin to check FAL_KEY.',
          inFlight.frame.id
        )
        return this.#next()
      case 'closed':
        this.#upstream = undefined
        this.#generation++
        if (event.code !== 1000) this.deps.tokens.invalidate()
        if (!inFlight) return
        this.#settle()
        this.#fail(
          'provider_unavailable',
          'fal.ai closed the Live connection; the next change reconnects.',
          inFlight.frame.id
        )
        return this.#next()
    }
  }

  #abandon(error: unknown): void {
    const inFlight = this.#inFlight
    if (!inFlight) return
    this.#settle()
    this.#refused(error, inFlight.frame.id, inFlight.frame.prompt)
    this.#next()
  }

  #result(result: FalRealtimeResult): void {
    const inFlight = this.#inFlight
    if (!inFlight) return // a late answer to a frame that already timed out
    const image = result.images[0]
    this.#settle()
    if (!image?.url.startsWith('data:image/')) {
      this.#fail('provider_error', 'fal.ai answered without the frame image.', inFlight.frame.id)
    } else {
      this.#counts.rendered++
      this.#send({
        type: 'frame',
        id: inFlight.frame.id,
        image: image.url,
        width: image.width ?? 0,
        height: image.height ?? 0,
        seed: result.seed ?? 0,
        elapsedMs: Math.round(performance.now() - inFlight.receivedAt)
      })
    }
    this.#next()
  }

  #timedOut(id: number): void {
    if (this.#inFlight?.frame.id !== id) return
    this.#settle()
    this.#dropUpstream() // a socket that swallowed a frame is not trusted with the next
    this.#fail(
      'provider_unavailable',
      'fal.ai did not answer this frame in time; the next change tries again.',
      id
    )
    this.#next()
  }

  #settle(): void {
    clearTimeout(this.#inFlight?.timer)
    this.#inFlight = undefined
  }

  #next(): void {
    const pending = this.#pending
    this.#pending = undefined
    if (pending && !this.#ended) void this.#dispatch(pending)
  }

  #dropUpstream(): void {
    const upstream = this.#upstream
    this.#upstream = undefined
    this.#generation++
    upstream?.then((socket) => socket.close()).catch(() => undefined)
  }

  #end(): void {
    if (this.#ended) return
    this.#ended = true
    clearTimeout(this.#idle)
    this.#settle()
    this.#pending = undefined
    this.#dropUpstream()
    if (this.client.readyState === WebSocket.OPEN) this.client.close(1000)
    const { startedAt, ...counts } = this.#counts
    this.deps.logger.info(
      { ...counts, seconds: Math.round((Date.now() - startedAt) / 1000) },
      'live session ended'
    )
    this.deps.onEnd()
  }
}

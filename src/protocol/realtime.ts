/**
 * Relight's realtime (Live) protocol between the plugin and the gateway, as data. The plugin asks for a
 * ticket with its bearer token (`POST /v1/realtime/tickets`), opens `/v1/realtime?ticket=…` as a
 * WebSocket, and sends JSON text frames; the gateway answers with JSON text messages. Pure: the gateway
 * and the UI both use it.
 */

/** The one model fal serves over its realtime socket. */
export const REALTIME_MODEL = 'fal/lcm-sd15-i2i'
export const REALTIME_PATH = '/v1/realtime'

/** Caps on one frame: the init image travels as a data URI in every frame, so keep it preview-sized. */
export const LIVE_LIMITS = {
  maxImageChars: 3 * 1024 * 1024,
  maxPromptChars: 2000,
  steps: { min: 1, max: 12, default: 4 },
  guidance: { min: 0, max: 8, default: 1 },
  strength: { min: 0, max: 1, default: 0.8 }
} as const

/** `GET /v1/realtime`: whether Live can run on this gateway, and why not. */
export interface RealtimeStatusView {
  readonly available: boolean
  /** Words for the designer when it is not available. */
  readonly reason?: string
  readonly model: string
  /** The gateway closes a Live connection after this long without a frame. */
  readonly idleSeconds: number
}

/** `POST /v1/realtime/tickets`: a single-use ticket, valid until `expiresAt`, for one Live connection. */
export interface RealtimeTicketView {
  readonly ticket: string
  readonly expiresAt: string
  /** Path (with the ticket) to open as a WebSocket on the gateway's origin. */
  readonly path: string
}

/** Plugin → gateway: one frame to render. A newer frame replaces one not yet sent to the provider. */
export interface LiveFrameRequest {
  readonly type: 'frame'
  /** Chosen by the plugin, increasing; answers carry it back. */
  readonly id: number
  readonly prompt: string
  /** The Studio-lit layer at preview size, as a PNG or JPEG data URI. */
  readonly image: string
  readonly strength?: number
  readonly seed?: number
  readonly steps?: number
  readonly guidance?: number
  readonly negativePrompt?: string
}

export const LIVE_ERROR_CODES = [
  /** The frame itself is unusable (the message says which field). */
  'bad_frame',
  'rate_limited',
  'quota_exceeded',
  /** The ticket is unknown, expired or already used: ask for a new one. */
  'ticket_invalid',
  /** The token behind this connection was revoked since: the connection ends. */
  'token_revoked',
  /** Live is turned off on this gateway, or it has no fal.ai key. */
  'realtime_off',
  /** fal.ai refused the gateway's key or token. */
  'provider_auth',
  /** fal.ai answered the frame with an error. */
  'provider_error',
  /** fal.ai could not be reached, dropped the connection or did not answer in time. */
  'provider_unavailable',
  'idle_timeout',
  'shutting_down'
] as const
export type LiveErrorCode = (typeof LIVE_ERROR_CODES)[number]

/** Gateway → plugin. */
export type LiveServerMessage =
  | { readonly type: 'ready'; readonly model: string; readonly idleSeconds: number }
  | {
      readonly type: 'frame'
      readonly id: number
      /** The rendered frame as a data URI. */
      readonly image: string
      readonly width: number
      readonly height: number
      readonly seed: number
      /** From receiving the frame to sending the result, on the gateway. */
      readonly elapsedMs: number
    }
  /** A frame replaced by a newer one before it was sent to the provider: it is never rendered or counted. */
  | { readonly type: 'skipped'; readonly id: number }
  | {
      readonly type: 'error'
      readonly code: LiveErrorCode
      readonly message: string
      /** The frame it concerns, when it concerns one. */
      readonly id?: number
      readonly retryAfterSeconds?: number
      /** The gateway closes the connection after a fatal error; a new ticket starts a new one. */
      readonly fatal: boolean
    }

/** WebSocket close codes the gateway uses besides 1000/1001 (the 4000s are the application's). */
export const LIVE_CLOSE = { ticket: 4401, off: 4403, idle: 4408 } as const

type Parsed =
  { readonly ok: true; readonly frame: LiveFrameRequest } | { readonly ok: false; readonly message: string }

const DATA_URI = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/

function numberIn(
  value: unknown,
  name: string,
  range: { readonly min: number; readonly max: number },
  integer = false
): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    return `${name} must be ${integer ? 'a whole number' : 'a number'}.`
  }
  if (value < range.min || value > range.max) return `${name} must be from ${range.min} to ${range.max}.`
  return undefined
}

/** Checks a frame from the plugin; the message names the field and what it must be. */
export function parseLiveFrame(raw: unknown): Parsed {
  if (typeof raw !== 'object' || raw === null || (raw as { type?: unknown }).type !== 'frame') {
    return { ok: false, message: 'Live expects frames like {"type":"frame","id":1,"prompt":…,"image":…}.' }
  }
  const frame = raw as Record<string, unknown>
  if (typeof frame.id !== 'number' || !Number.isSafeInteger(frame.id) || frame.id < 0) {
    return { ok: false, message: 'A Live frame needs an id: a whole number of 0 or more.' }
  }
  if (typeof frame.prompt !== 'string' || !frame.prompt.trim()) {
    return { ok: false, message: 'Describe the lighting in the prompt to see Live frames.' }
  }
  if (frame.prompt.length > LIVE_LIMITS.maxPromptChars) {
    return {
      ok: false,
      message: `The prompt is too long for Live (${LIVE_LIMITS.maxPromptChars} characters at most).`
    }
  }
  if (typeof frame.image !== 'string' || !DATA_URI.test(frame.image)) {
    return { ok: false, message: 'A Live frame needs the layer as a PNG or JPEG data URI.' }
  }
  if (frame.image.length > LIVE_LIMITS.maxImageChars) {
    return { ok: false, message: 'The layer is too large for Live; preview frames must be under 3 MB.' }
  }
  if (frame.negativePrompt !== undefined && typeof frame.negativePrompt !== 'string') {
    return { ok: false, message: 'The negative prompt must be text.' }
  }
  const problem =
    numberIn(frame.strength, 'Strength', LIVE_LIMITS.strength) ??
    numberIn(frame.steps, 'Steps', LIVE_LIMITS.steps, true) ??
    numberIn(frame.guidance, 'Guidance', LIVE_LIMITS.guidance) ??
    numberIn(frame.seed, 'Seed', { min: 0, max: 2 ** 32 - 1 }, true)
  if (problem) return { ok: false, message: problem }
  return { ok: true, frame: frame as unknown as LiveFrameRequest }
}

/**
 * Live test rig: the fake fal realtime server, the real gateway on loopback pointed at it (with real
 * tokens and every log line captured), and a WebSocket client that records every message it receives.
 */
import sharp from 'sharp'
import WebSocket from 'ws'

import type { GatewayConfig } from '../../src/gateway/env.js'
import type { GatewayOverrides } from '../../src/gateway/gateway.js'
import { realtimeSettings } from '../../src/gateway/realtime/config.js'
import type { LiveFrameRequest, LiveServerMessage, RealtimeTicketView } from '../../src/protocol/realtime.js'
import { type FakeFalRealtime, startFakeFalRealtime } from '../../testkit/fakes/fal-realtime.js'
import { type SecureGateway, SENTINEL_KEYS, startSecureGateway } from '../security/helpers.js'

export class LiveClient {
  readonly messages: LiveServerMessage[] = []
  readonly closed: Promise<{ code: number; reason: string }>

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as LiveServerMessage))
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: String(reason) }))
    )
  }

  static async open(url: string): Promise<LiveClient> {
    const socket = new WebSocket(url)
    const client = new LiveClient(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return client
  }

  send(frame: Omit<LiveFrameRequest, 'type'> | Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ type: 'frame', ...frame }))
  }

  /** The first message (already received or still to come) that `match` accepts. */
  async waitFor<T extends LiveServerMessage>(
    match: (message: LiveServerMessage) => message is T,
    ms = 5000
  ): Promise<T> {
    const deadline = Date.now() + ms
    for (;;) {
      const found = this.messages.find(match)
      if (found) return found
      if (Date.now() > deadline) {
        throw new Error(`no matching Live message; got ${JSON.stringify(this.messages.map(brief))}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  close(): void {
    this.socket.close(1000)
  }
}

/** A message without its image, for readable failures. */
export function brief(message: LiveServerMessage): unknown {
  return message.type === 'frame' ? { ...message, image: `${message.image.slice(0, 24)}…` } : message
}

export const isFrame =
  (id: number) =>
  (message: LiveServerMessage): message is LiveServerMessage & { type: 'frame' } =>
    message.type === 'frame' && message.id === id

export const isError =
  (code?: string, id?: number) =>
  (message: LiveServerMessage): message is LiveServerMessage & { type: 'error' } =>
    message.type === 'error' &&
    (code === undefined || message.code === code) &&
    (id === undefined || message.id === id)

let layer: string | undefined

/** A real PNG of a preview-sized layer, as the data URI the plugin sends. */
export async function layerDataUri(): Promise<string> {
  layer ??= `data:image/png;base64,${(
    await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .png()
      .toBuffer()
  ).toString('base64')}`
  return layer
}

export async function frame(
  id: number,
  prompt = 'warm window light'
): Promise<Omit<LiveFrameRequest, 'type'>> {
  return { id, prompt, image: await layerDataUri(), seed: 7, strength: 0.6 }
}

export interface LiveRig {
  readonly gw: SecureGateway
  readonly fal: FakeFalRealtime
  /** Every message any client of this rig received, as text (for leak scans). */
  readonly received: string[]
  ticket(token?: string): Promise<RealtimeTicketView>
  connect(token?: string): Promise<LiveClient>
  wsUrl(path: string): string
  dispose(): Promise<void>
}

export async function startLiveRig(
  options: {
    tokens?: Record<string, number | null>
    config?: Partial<GatewayConfig>
    realtime?: Partial<GatewayConfig['realtime']>
    falKey?: string
    renderMs?: number
    falIdleMs?: number
    overrides?: GatewayOverrides
  } = {}
): Promise<LiveRig> {
  const fal = await startFakeFalRealtime({
    key: SENTINEL_KEYS.FAL_KEY,
    renderMs: options.renderMs ?? 20,
    ...(options.falIdleMs === undefined ? {} : { idleMs: options.falIdleMs })
  })
  const realtime = {
    ...realtimeSettings({ FAL_REALTIME_URL: fal.url, FAL_REST_URL: fal.url }),
    ...options.realtime
  }
  const gw = await startSecureGateway({
    tokens: options.tokens ?? { designer: null },
    config: {
      realtime,
      keys: { ...SENTINEL_KEYS, FAL_KEY: options.falKey ?? SENTINEL_KEYS.FAL_KEY },
      ...options.config
    },
    ...(options.overrides ? { overrides: options.overrides } : {})
  })
  const received: string[] = []
  const clients: LiveClient[] = []
  const firstToken = (): string => Object.values(gw.tokens)[0]!
  const wsUrl = (path: string): string => `${gw.url.replace(/^http/, 'ws')}${path}`
  const rig: LiveRig = {
    gw,
    fal,
    received,
    async ticket(token = firstToken()) {
      const response = await gw.call('/v1/realtime/tickets', { method: 'POST', token })
      if (response.status !== 201) throw new Error(`ticket: ${response.status} ${await response.text()}`)
      return (await response.json()) as RealtimeTicketView
    },
    async connect(token = firstToken()) {
      const { path } = await rig.ticket(token)
      const client = await LiveClient.open(wsUrl(path))
      client.socket.on('message', (data) => received.push(String(data)))
      clients.push(client)
      return client
    },
    wsUrl,
    async dispose() {
      for (const client of clients) client.socket.terminate()
      await gw.dispose()
      await fal.close()
    }
  }
  return rig
}

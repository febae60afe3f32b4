/**
 * Relight's Live client (the plugin's side) against the real gateway and the fake fal: it holds back all
 * but the newest change while a frame is out, reconnects with a new ticket after the gateway closed an
 * idle connection, and reads whether Live is available.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'

import {
  type LiveError,
  type LiveFrame,
  liveStatus,
  openLive,
  type SocketLike
} from '../../src/protocol/live-client.js'
import { removeTempDirs } from '../security/helpers.js'
import { layerDataUri, type LiveRig, startLiveRig } from './realtime-helpers.js'

let rig: LiveRig | undefined
afterEach(async () => {
  await rig?.dispose()
  rig = undefined
})
afterAll(removeTempDirs)

function client(r: LiveRig) {
  const frames: LiveFrame[] = []
  const errors: LiveError[] = []
  const sockets: WebSocket[] = []
  const connection = openLive({
    baseUrl: r.gw.url,
    token: r.gw.tokens.designer!,
    openSocket: (url) => {
      const socket = new WebSocket(url)
      sockets.push(socket)
      return socket as unknown as SocketLike
    },
    onFrame: (frame) => frames.push(frame),
    onError: (error) => errors.push(error)
  })
  return { connection, frames, errors, sockets }
}

describe('the Live client', () => {
  it('sends only the newest change while a frame is out, and measures frames a second', async () => {
    rig = await startLiveRig({ renderMs: 250 })
    const live = client(rig)
    const image = await layerDataUri()
    // While connecting only the newest change is kept, too.
    live.connection.send({ prompt: 'zero', image })
    const first = live.connection.send({ prompt: 'one', image })
    await expect.poll(() => rig!.fal.frames.length).toBe(1)
    live.connection.send({ prompt: 'two', image })
    const last = live.connection.send({ prompt: 'three', image })
    await expect.poll(() => live.frames.map((f) => f.id), { timeout: 5000 }).toEqual([first, last])
    expect(rig.fal.frames.map((f) => f.input.prompt)).toEqual(['one', 'three'])
    expect(live.errors).toEqual([])
    expect(live.connection.fps()).toBeGreaterThan(0)
    expect(live.connection.fps()).toBeLessThan(10) // two frames 250 ms apart at best
    live.connection.close()
  })

  it('reconnects with a new ticket after the gateway closed the connection for idling', async () => {
    rig = await startLiveRig({ realtime: { idleMs: 200 } })
    const live = client(rig)
    const image = await layerDataUri()
    live.connection.send({ prompt: 'first', image })
    await expect.poll(() => live.frames.length).toBe(1)
    await expect.poll(() => live.errors.map((e) => e.code)).toEqual(['idle_timeout'])
    await expect.poll(() => live.sockets[0]!.readyState).toBe(WebSocket.CLOSED)
    live.connection.send({ prompt: 'second', image })
    await expect.poll(() => live.frames.length).toBe(2)
    expect(live.sockets).toHaveLength(2)
    live.connection.close()
  })

  it('reads whether Live is available, with the reason when it is not', async () => {
    rig = await startLiveRig({ realtime: { enabled: false } })
    const status = await liveStatus({ baseUrl: rig.gw.url, token: rig.gw.tokens.designer! })
    expect(status.available).toBe(false)
    expect(status.reason).toMatch(/turned Live off/)
    const live = client(rig)
    live.connection.send({ prompt: 'x', image: await layerDataUri() })
    await expect.poll(() => live.errors.map((e) => e.code)).toEqual(['realtime_off'])
    expect(live.sockets).toHaveLength(0)
  })
})

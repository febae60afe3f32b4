/**
 * Live through the real gateway on loopback, against the fake fal realtime server: the frame round trip,
 * newest-frame-only dispatch, reconnects, provider errors, idle close, shutdown, and the fal key never
 * reaching a client, the socket URL or a log line.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { LIVE_CLOSE } from '../../src/protocol/realtime.js'
import { removeTempDirs, SENTINEL_KEYS } from '../security/helpers.js'
import { frame, isError, isFrame, LiveClient, type LiveRig, startLiveRig } from './realtime-helpers.js'

let rig: LiveRig | undefined
afterEach(async () => {
  await rig?.dispose()
  rig = undefined
})
afterAll(removeTempDirs)

describe('Live frames', () => {
  it('renders a frame through fal with a token the gateway minted, as msgpack, inline and single', async () => {
    rig = await startLiveRig()
    const client = await rig.connect()
    expect(await client.waitFor((m) => m.type === 'ready')).toMatchObject({ model: 'fal/lcm-sd15-i2i' })
    client.send(await frame(1, 'soft rim light'))
    const result = await client.waitFor(isFrame(1))
    expect(result.image).toMatch(/^data:image\/jpeg;base64,/)
    expect([result.width, result.height]).toEqual([96, 64])
    expect(result.seed).toBe(7)

    expect(rig.fal.mints).toHaveLength(1)
    expect(rig.fal.mints[0]).toMatchObject({
      authorization: `Key ${SENTINEL_KEYS.FAL_KEY}`,
      body: { allowed_apps: ['lcm-sd15-i2i'], token_expiration: 120 },
      status: 200
    })
    expect(rig.fal.connections[0]).toMatchObject({
      app: 'fal-ai/lcm-sd15-i2i',
      maxBuffering: 1,
      accepted: true
    })
    expect(rig.fal.frames).toHaveLength(1)
    expect(rig.fal.frames[0]!.binary).toBe(true)
    expect(rig.fal.frames[0]!.input).toMatchObject({
      prompt: 'soft rim light',
      strength: 0.6,
      seed: 7,
      num_images: 1,
      sync_mode: true,
      enable_safety_checks: true,
      request_id: 'relight-1'
    })
  })

  it('keeps only the newest frame while one is with fal: older pending frames are skipped, never sent', async () => {
    rig = await startLiveRig({ renderMs: 300 })
    const client = await rig.connect()
    for (const id of [1, 2, 3, 4]) client.send(await frame(id, `prompt ${id}`))
    await client.waitFor(isFrame(4))
    expect(
      client.messages.filter((m) => m.type === 'skipped').map((m) => m.type === 'skipped' && m.id)
    ).toEqual([2, 3])
    expect(client.messages.filter((m) => m.type === 'frame').map((m) => m.type === 'frame' && m.id)).toEqual([
      1, 4
    ])
    expect(rig.fal.frames.map((f) => f.input.prompt)).toEqual(['prompt 1', 'prompt 4'])
    expect(rig.fal.dropped).toEqual([])
  })

  it('answers a bad frame in words and keeps the connection for the next one', async () => {
    rig = await startLiveRig()
    const client = await rig.connect()
    client.send({ id: 1, prompt: 'x', image: 'https://example.com/a.png' })
    client.send({ id: 2, prompt: ' ', image: (await frame(2)).image })
    client.send({ ...(await frame(3)), steps: 40 })
    expect((await client.waitFor(isError('bad_frame', 1))).message).toMatch(/PNG or JPEG/)
    expect((await client.waitFor(isError('bad_frame', 2))).message).toMatch(/prompt/)
    expect((await client.waitFor(isError('bad_frame', 3))).message).toMatch(/Steps .* 1 to 12/)
    client.send(await frame(4))
    await client.waitFor(isFrame(4))
    expect(rig.fal.frames).toHaveLength(1)
  })
})

describe('Live provider errors', () => {
  it('passes a fal frame error on as a typed message and carries on with the next frame', async () => {
    rig = await startLiveRig()
    rig.fal.failFrames({ kind: 'error', error: 'Internal error', reason: 'CUDA out of memory' })
    const client = await rig.connect()
    client.send(await frame(1))
    const error = await client.waitFor(isError('provider_error'))
    expect(error).toMatchObject({ id: 1, fatal: false })
    expect(error.message).toMatch(/CUDA out of memory/)
    client.send(await frame(2))
    await client.waitFor(isFrame(2))
  })

  it('reconnects with a fresh token after fal drops the socket mid-frame', async () => {
    rig = await startLiveRig()
    const client = await rig.connect()
    client.send(await frame(1))
    await client.waitFor(isFrame(1))
    rig.fal.failFrames({ kind: 'drop', code: 1011 })
    client.send(await frame(2))
    expect(await client.waitFor(isError('provider_unavailable'))).toMatchObject({ id: 2, fatal: false })
    client.send(await frame(3))
    await client.waitFor(isFrame(3))
    expect(rig.fal.connections).toHaveLength(2)
    expect(rig.fal.mints).toHaveLength(2) // an abnormal close discards the token, as fal's client does
  })

  it('fails a frame fal never answers after the frame timeout, then sends the next on a new socket', async () => {
    rig = await startLiveRig({ realtime: { frameTimeoutMs: 300 } })
    rig.fal.failFrames({ kind: 'silence' })
    const client = await rig.connect()
    client.send(await frame(1))
    expect((await client.waitFor(isError('provider_unavailable'))).message).toMatch(/did not answer/)
    client.send(await frame(2))
    await client.waitFor(isFrame(2))
    expect(rig.fal.connections).toHaveLength(2)
  })

  it("ignores fal's idle TIMEOUT and reconnects on the next frame", async () => {
    rig = await startLiveRig({ falIdleMs: 150 })
    const client = await rig.connect()
    client.send(await frame(1))
    await client.waitFor(isFrame(1))
    await new Promise((resolve) => setTimeout(resolve, 400))
    client.send(await frame(2))
    await client.waitFor(isFrame(2))
    expect(client.messages.filter((m) => m.type === 'error')).toEqual([])
    expect(rig.fal.connections).toHaveLength(2)
  })
})

describe('Live connections', () => {
  it('lets a designer reconnect with a new ticket after closing', async () => {
    rig = await startLiveRig()
    const first = await rig.connect()
    first.send(await frame(1))
    await first.waitFor(isFrame(1))
    first.close()
    expect((await first.closed).code).toBe(1000)
    const second = await rig.connect()
    second.send(await frame(2))
    await second.waitFor(isFrame(2))
    expect(rig.fal.mints).toHaveLength(1) // the token is reused while fresh
  })

  it("outlives the HTTP server's header and request timeouts, which end ordinary requests", async () => {
    rig = await startLiveRig({
      config: { headersTimeoutMs: 200, requestTimeoutMs: 300, keepAliveTimeoutMs: 100 }
    })
    const client = await rig.connect()
    client.send(await frame(1))
    await client.waitFor(isFrame(1))
    await new Promise((resolve) => setTimeout(resolve, 1200))
    client.send(await frame(2))
    await client.waitFor(isFrame(2))
    expect(client.socket.readyState).toBe(client.socket.OPEN)
  })

  it('closes an idle connection with a typed reason', async () => {
    rig = await startLiveRig({ realtime: { idleMs: 250 } })
    const client = await rig.connect()
    client.send(await frame(1))
    await client.waitFor(isFrame(1))
    const error = await client.waitFor(isError('idle_timeout'))
    expect(error.fatal).toBe(true)
    expect((await client.closed).code).toBe(LIVE_CLOSE.idle)
    await expect.poll(() => rig!.fal.openSockets()).toBe(0)
  })

  it('tells clients on shutdown, closes their sockets and fal’s, and refuses new upgrades', async () => {
    rig = await startLiveRig({ renderMs: 2000 })
    const client = await rig.connect()
    const { path } = await rig.ticket()
    client.send(await frame(1))
    await expect.poll(() => rig!.fal.frames.length).toBe(1)
    const started = Date.now()
    await rig.gw.close()
    expect(Date.now() - started).toBeLessThan(2000) // not held open by the frame still rendering
    expect(await client.waitFor(isError('shutting_down'))).toMatchObject({ fatal: true })
    expect((await client.closed).code).toBe(1001)
    await expect.poll(() => rig!.fal.openSockets()).toBe(0)
    await expect(LiveClient.open(rig.wsUrl(path))).rejects.toThrow()
  })
})

describe('the fal key', () => {
  it('never appears in a message, a response, the fal socket URL or a log line', async () => {
    rig = await startLiveRig({ renderMs: 50 })
    rig.fal.failFrames({ kind: 'error', error: 'Bad', reason: 'invalid image' })
    const client = await rig.connect()
    for (const id of [1, 2, 3]) client.send(await frame(id))
    await client.waitFor(isFrame(3))
    rig.fal.failFrames({ kind: 'drop' })
    client.send(await frame(4))
    await client.waitFor(isError('provider_unavailable'))
    client.close()
    await client.closed
    const secret = SENTINEL_KEYS.FAL_KEY
    const everything = [
      ...rig.received,
      ...rig.gw.responses,
      ...rig.gw.logLines,
      ...rig.fal.connections.map((c) => c.url)
    ]
    expect(rig.gw.logLines.length).toBeGreaterThan(0)
    expect(everything.filter((text) => text.includes(secret))).toEqual([])
    // Nor the temporary token: only the fal socket URL carries it.
    const jwt = new URL(rig.fal.connections[0]!.url, 'http://x').searchParams.get('fal_jwt_token')!
    expect([...rig.received, ...rig.gw.responses, ...rig.gw.logLines].filter((t) => t.includes(jwt))).toEqual(
      []
    )
  })
})

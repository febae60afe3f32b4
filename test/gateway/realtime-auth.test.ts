/**
 * Who may open Live and how much it may use, through the real gateway with real tokens: tickets (bad,
 * expired, reused), fal refusing the key or the temporary token, the rate limit and quota per frame, and
 * the switch that turns Live off.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { openAuthDb } from '../../src/gateway/auth/db.js'
import { TokenStore } from '../../src/gateway/auth/tokens.js'
import { LIVE_CLOSE } from '../../src/protocol/realtime.js'
import { errorOf, removeTempDirs } from '../security/helpers.js'
import { frame, isError, isFrame, LiveClient, type LiveRig, startLiveRig } from './realtime-helpers.js'

let rig: LiveRig | undefined
afterEach(async () => {
  await rig?.dispose()
  rig = undefined
})
afterAll(removeTempDirs)

async function refusedWith(url: string): Promise<{ message: string; code: number }> {
  const client = await LiveClient.open(url)
  const error = await client.waitFor(isError())
  expect(error.fatal).toBe(true)
  return { message: `${error.code}: ${error.message}`, code: (await client.closed).code }
}

describe('Live tickets', () => {
  it('needs the bearer token to get a ticket', async () => {
    rig = await startLiveRig()
    const none = await rig.gw.call('/v1/realtime/tickets', { method: 'POST' })
    expect(none.status).toBe(401)
    const wrong = await rig.gw.call('/v1/realtime/tickets', { method: 'POST', token: 'not-a-token' })
    expect(wrong.status).toBe(401)
    expect((await errorOf(wrong)).code).toBe('invalid_token')
    const ticket = await rig.ticket()
    expect(ticket.path).toBe(`/v1/realtime?ticket=${ticket.ticket}`)
    expect(Date.parse(ticket.expiresAt) - Date.now()).toBeLessThanOrEqual(30_000)
  })

  it('refuses a socket without a ticket, with a made-up one, and a ticket used twice', async () => {
    rig = await startLiveRig()
    const bare = await refusedWith(rig.wsUrl('/v1/realtime'))
    expect(bare).toEqual({
      message: expect.stringMatching(/^ticket_invalid: .*not one the gateway issued/),
      code: LIVE_CLOSE.ticket
    })
    const madeUp = await refusedWith(rig.wsUrl('/v1/realtime?ticket=abcdefabcdefabcdef'))
    expect(madeUp.code).toBe(LIVE_CLOSE.ticket)
    const { path } = await rig.ticket()
    const first = await LiveClient.open(rig.wsUrl(path))
    first.send(await frame(1))
    await first.waitFor(isFrame(1))
    const again = await refusedWith(rig.wsUrl(path))
    expect(again).toEqual({ message: expect.stringMatching(/already used/), code: LIVE_CLOSE.ticket })
    first.close()
    expect(rig.fal.frames).toHaveLength(1)
  })

  it('refuses an expired ticket', async () => {
    rig = await startLiveRig({ realtime: { ticketTtlMs: 100 } })
    const { path } = await rig.ticket()
    await new Promise((resolve) => setTimeout(resolve, 200))
    const expired = await refusedWith(rig.wsUrl(path))
    expect(expired).toEqual({ message: expect.stringMatching(/expired/), code: LIVE_CLOSE.ticket })
    expect(rig.fal.mints).toHaveLength(0)
  })
})

describe('fal refusing the gateway', () => {
  it('reports a fal key fal does not accept as provider_auth, without retrying the mint', async () => {
    rig = await startLiveRig({ falKey: 'wrong-test-key-not-real' })
    const client = await rig.connect()
    client.send(await frame(1))
    const error = await client.waitFor(isError('provider_auth'))
    expect(error).toMatchObject({ id: 1, fatal: false })
    expect(error.message).toMatch(/FAL_KEY/)
    expect(rig.fal.mints.map((m) => m.status)).toEqual([401])
    expect(rig.fal.connections).toHaveLength(0)
  })

  it('retries the mint when fal throttles it (429, 503)', async () => {
    rig = await startLiveRig()
    rig.fal.failMints(429)
    rig.fal.failMints(503)
    const client = await rig.connect()
    client.send(await frame(1))
    await client.waitFor(isFrame(1))
    expect(rig.fal.mints.map((m) => m.status)).toEqual([429, 503, 200])
  })

  it('mints a fresh token once when fal rejects the cached one, and sends the same frame again', async () => {
    rig = await startLiveRig()
    const first = await rig.connect()
    first.send(await frame(1))
    await first.waitFor(isFrame(1))
    first.close()
    await first.closed
    rig.fal.revokeTokens()
    const second = await rig.connect()
    second.send(await frame(2))
    await second.waitFor(isFrame(2))
    expect(second.messages.filter((m) => m.type === 'error')).toEqual([])
    expect(rig.fal.connections.map((c) => c.accepted)).toEqual([true, false, true])
    expect(rig.fal.mints).toHaveLength(2)
  })
})

describe('revoking a token', () => {
  it('ends its Live connection at the next frame, in words', async () => {
    rig = await startLiveRig()
    const client = await rig.connect()
    client.send(await frame(1))
    await client.waitFor(isFrame(1))
    const db = openAuthDb(rig.gw.dataDir, { create: false })!
    new TokenStore(db).revoke('designer')
    db.close()
    client.send(await frame(2))
    expect((await client.waitFor(isError('token_revoked'))).fatal).toBe(true)
    expect((await client.closed).code).toBe(LIVE_CLOSE.ticket)
    expect(rig.fal.frames).toHaveLength(1)
  })
})

describe('Live metering', () => {
  it('counts each frame sent to fal against the daily quota, and refuses frames past it', async () => {
    rig = await startLiveRig({ tokens: { designer: 2 } })
    const client = await rig.connect()
    for (const id of [1, 2]) {
      client.send(await frame(id))
      await client.waitFor(isFrame(id))
    }
    client.send(await frame(3))
    const error = await client.waitFor(isError('quota_exceeded'))
    expect(error).toMatchObject({ id: 3, fatal: false })
    expect(error.retryAfterSeconds).toBeGreaterThan(0)
    expect(rig.fal.frames).toHaveLength(2)
    const usage = (await (await rig.gw.call('/v1/usage', { token: rig.gw.tokens.designer })).json()) as {
      used: number
    }
    expect(usage.used).toBe(2)
  })

  it('does not count skipped frames, and gives the image back when fal was never reached', async () => {
    rig = await startLiveRig({ tokens: { designer: 10 }, renderMs: 300, falKey: 'wrong-test-key-not-real' })
    const client = await rig.connect()
    client.send(await frame(1))
    await client.waitFor(isError('provider_auth'))
    const usage = (await (await rig.gw.call('/v1/usage', { token: rig.gw.tokens.designer })).json()) as {
      used: number
    }
    expect(usage.used).toBe(0)
  })

  it('counts each frame against the rate limit', async () => {
    // The ticket request takes one request of the three; two frames take the rest.
    rig = await startLiveRig({ config: { rateLimit: { points: 3, windowSeconds: 60 } } })
    const client = await rig.connect()
    for (const id of [1, 2]) {
      client.send(await frame(id))
      await client.waitFor(isFrame(id))
    }
    client.send(await frame(3))
    const error = await client.waitFor(isError('rate_limited'))
    expect(error).toMatchObject({ id: 3, fatal: false })
    expect(error.retryAfterSeconds).toBeGreaterThan(0)
    expect(rig.fal.frames).toHaveLength(2)
  })
})

describe('turning Live off', () => {
  it('RELIGHT_REALTIME=off: status says so, tickets are refused, no socket reaches fal', async () => {
    rig = await startLiveRig({ realtime: { enabled: false } })
    const token = rig.gw.tokens.designer!
    const status = await (await rig.gw.call('/v1/realtime', { token })).json()
    expect(status).toMatchObject({ available: false, reason: expect.stringMatching(/turned Live off/) })
    const refused = await rig.gw.call('/v1/realtime/tickets', { method: 'POST', token })
    expect(refused.status).toBe(403)
    expect((await errorOf(refused)).code).toBe('realtime_off')
    const socket = await refusedWith(rig.wsUrl('/v1/realtime?ticket=anything'))
    expect(socket.code).toBe(LIVE_CLOSE.off)
    expect(rig.fal.mints).toHaveLength(0)
  })

  it('without a fal key Live is unavailable, with the reason', async () => {
    rig = await startLiveRig({ config: { keys: {} } })
    const token = rig.gw.tokens.designer!
    const status = await (await rig.gw.call('/v1/realtime', { token })).json()
    expect(status).toMatchObject({ available: false, reason: expect.stringMatching(/FAL_KEY/) })
    const refused = await rig.gw.call('/v1/realtime/tickets', { method: 'POST', token })
    expect(refused.status).toBe(503)
    expect((await errorOf(refused)).message).toMatch(/fal.ai key/)
  })
})

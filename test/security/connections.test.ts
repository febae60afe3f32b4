/**
 * Slow and hoarding connections against the real server on loopback: a per-address cap, a total cap and a
 * header timeout, set scaled down through the same environment variables an admin uses. Linux routes the
 * whole 127.0.0.0/8 to loopback, so 127.0.0.2 and 127.0.0.3 stand in for other machines.
 */
import type { Socket } from 'node:net'

import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { type GatewayConfig, loadConfig } from '../../src/gateway/env.js'
import { removeTempDirs, type SecureGateway, startSecureGateway } from './helpers.js'
import { closedWithin, rawRequest, stalledSocket } from './raw-http.js'

let gw: SecureGateway | undefined
const sockets: Socket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  await gw?.dispose()
  gw = undefined
})
afterAll(removeTempDirs)

function connectionLimits(env: Record<string, string>): Partial<GatewayConfig> {
  const config = loadConfig(env)
  return {
    maxConnections: config.maxConnections,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    headersTimeoutMs: config.headersTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs
  }
}

const portOf = (url: string): number => Number(new URL(url).port)

async function openStalled(port: number, count: number, from: string): Promise<Socket[]> {
  const opened: Socket[] = []
  for (let i = 0; i < count; i++) opened.push(await stalledSocket(port, from))
  sockets.push(...opened)
  return opened
}

async function stillOpen(list: readonly Socket[], settleMs: number): Promise<number> {
  const closed = await Promise.all(list.map((socket) => closedWithin(socket, settleMs)))
  return closed.filter((wasClosed) => !wasClosed).length
}

describe('connection caps', () => {
  it('20 idle connections from one address: past its cap of 4 they are closed, and others are served', async () => {
    gw = await startSecureGateway({
      config: connectionLimits({
        RELIGHT_MAX_CONNECTIONS_PER_ADDRESS: '4',
        RELIGHT_MAX_CONNECTIONS: '50',
        RELIGHT_HEADERS_TIMEOUT_MS: '20000'
      })
    })
    const hoarded = await openStalled(portOf(gw.url), 20, '127.0.0.1')
    expect(await stillOpen(hoarded, 1000)).toBe(4)
    const other = await rawRequest(`${gw.url}/healthz`, { localAddress: '127.0.0.2' })
    expect(other.status).toBe(200)
    // Once the hoarder lets go, its own address is served again.
    for (const socket of hoarded) socket.destroy()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await rawRequest(`${gw.url}/healthz`, { localAddress: '127.0.0.1' })).status).toBe(200)
  })

  it('the total cap holds across addresses', async () => {
    gw = await startSecureGateway({
      config: connectionLimits({
        RELIGHT_MAX_CONNECTIONS_PER_ADDRESS: '4',
        RELIGHT_MAX_CONNECTIONS: '6',
        RELIGHT_HEADERS_TIMEOUT_MS: '20000'
      })
    })
    const port = portOf(gw.url)
    const all = [...(await openStalled(port, 4, '127.0.0.1')), ...(await openStalled(port, 4, '127.0.0.3'))]
    expect(await stillOpen(all, 1000)).toBe(6)
  })
})

describe('timeouts', () => {
  it('a connection that never finishes its headers is closed after the header timeout', async () => {
    gw = await startSecureGateway({ config: connectionLimits({ RELIGHT_HEADERS_TIMEOUT_MS: '1000' }) })
    const [slow] = await openStalled(portOf(gw.url), 1, '127.0.0.2')
    // Generous: the timeout is 1 s, Node checks it every quarter of that; the old default was 60 s.
    expect(await closedWithin(slow!, 6000)).toBe(true)
    expect((await gw.call('/healthz')).status).toBe(200)
  })

  it('reads the limits from the environment and refuses nonsense with one line', () => {
    const defaults = loadConfig({})
    expect(defaults).toMatchObject({
      maxConnections: expect.any(Number),
      maxConnectionsPerAddress: expect.any(Number),
      headersTimeoutMs: expect.any(Number),
      requestTimeoutMs: expect.any(Number),
      keepAliveTimeoutMs: expect.any(Number)
    })
    expect(defaults.maxConnectionsPerAddress).toBeLessThan(defaults.maxConnections)
    expect(() => loadConfig({ RELIGHT_MAX_CONNECTIONS_PER_ADDRESS: 'lots' })).toThrow(
      /RELIGHT_MAX_CONNECTIONS_PER_ADDRESS must be a whole number/
    )
    expect(() =>
      loadConfig({ RELIGHT_HEADERS_TIMEOUT_MS: '60000', RELIGHT_REQUEST_TIMEOUT_MS: '30000' })
    ).toThrow(/RELIGHT_REQUEST_TIMEOUT_MS/)
  })
})

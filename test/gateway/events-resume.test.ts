/**
 * Event stream ids and resuming, on a real gateway over loopback: every event carries a rising `id:` and
 * the stream's first block `retry:`; a reconnect with `Last-Event-ID` (what browsers' EventSource and
 * Relight's client send, per the HTML spec's server-sent events section) gets only the events after it, or
 * the current view when the gateway no longer has them (an old id, another gateway run).
 */
import { connect, createServer, type Server, type Socket } from 'node:net'

import { afterEach, describe, expect, it } from 'vitest'

import { SSE_RETRY_MS } from '../../src/gateway/http/events-route.js'
import { JobEvents, KEPT_EVENTS_PER_JOB } from '../../src/gateway/jobs/events.js'
import type { RunningGateway } from '../../src/gateway/server.js'
import type { JobView } from '../../src/protocol/api.js'
import { createGatewayClient } from '../../src/protocol/client.js'
import { readEvents as parseEvents } from '../../src/protocol/sse.js'
import { startDurable, waitForStatus } from './durable/gateway-durable.js'
import { tempDataDir } from './durable/temp-dir.js'
import { GatedProvider, startTestGateway, STUDIO, submitOk, waitFor } from './helpers.js'

interface Block {
  readonly id?: string
  readonly retry?: string
  readonly view?: JobView
}

/** The stream's blocks as sent (comments dropped), read to the end of a stream that ends by itself. */
async function readBlocks(base: string, id: string, lastEventId?: string): Promise<Block[]> {
  const response = await fetch(`${base}/v1/jobs/${id}/events`, {
    headers: lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId },
    signal: AbortSignal.timeout(10_000)
  })
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const blocks: Block[] = []
  for (const text of (await response.text()).split('\n\n')) {
    const fields = text.split('\n').filter((line) => line && !line.startsWith(':'))
    if (fields.length === 0) continue
    const value = (name: string) =>
      fields.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2)
    const data = value('data')
    blocks.push({
      ...(value('id') === undefined ? {} : { id: value('id') }),
      ...(value('retry') === undefined ? {} : { retry: value('retry') }),
      ...(data === undefined ? {} : { view: JSON.parse(data) as JobView })
    })
  }
  return blocks
}

/** The first event of a live stream, then the stream is dropped (a designer's laptop losing Wi-Fi). */
async function firstEventThenDrop(base: string, id: string): Promise<{ id: string; view: JobView }> {
  const drop = new AbortController()
  const response = await fetch(`${base}/v1/jobs/${id}/events`, { signal: drop.signal })
  for await (const event of parseEvents(response.body!, drop.signal)) {
    drop.abort()
    return { id: event.id!, view: JSON.parse(event.data) as JobView }
  }
  throw new Error('the stream ended before its first event')
}

const running: RunningGateway[] = []
afterEach(async () => {
  for (const gw of running.splice(0)) await gw.close()
})

/**
 * A job that changes three times while watched: queued behind another (one Studio slot), running,
 * succeeded. Returns its id and the id of the first event a dropped stream saw (the queued view).
 */
async function jobSeenQueued(): Promise<{ gw: RunningGateway; id: string; queuedEventId: string }> {
  const gated = new GatedProvider()
  const concurrency = { local: 1, fal: 1, replicate: 1, segmind: 1 }
  const gw = await startTestGateway({ concurrency }, { providers: { local: gated } })
  running.push(gw)
  const ahead = await submitOk(gw.url, STUDIO)
  const id = await submitOk(gw.url, STUDIO)
  await waitFor(async () => (gated.started.includes(ahead) ? true : undefined), 'first job started')
  const seen = await firstEventThenDrop(gw.url, id)
  expect(seen.view).toMatchObject({ status: 'queued', queuePosition: 1 })
  gated.release(ahead)
  await waitFor(async () => (gated.release(id) ? true : undefined), 'second job started')
  await waitForStatus(gw.url, id, 'succeeded')
  return { gw, id, queuedEventId: seen.id }
}

describe('event ids and retry', () => {
  it('numbers every event with a rising integer id and sends retry in the first block only', async () => {
    const gated = new GatedProvider()
    const gw = await startTestGateway({}, { providers: { local: gated } })
    running.push(gw)
    const id = await submitOk(gw.url, STUDIO)
    await waitFor(async () => (gated.started.includes(id) ? true : undefined), 'started')
    const stream = readBlocks(gw.url, id)
    await new Promise((resolve) => setTimeout(resolve, 100))
    gated.release(id)
    const blocks = await stream

    expect(blocks.map((block) => block.view?.status)).toEqual(['running', 'succeeded'])
    expect(blocks.map((block) => block.retry)).toEqual([String(SSE_RETRY_MS), undefined])
    expect(blocks.map((block) => block.id)).toEqual([
      expect.stringMatching(/^[1-9]\d*$/),
      expect.stringMatching(/^[1-9]\d*$/)
    ])
    expect(Number(blocks[1]!.id)).toBeGreaterThan(Number(blocks[0]!.id))
  })
})

describe('resuming with Last-Event-ID', () => {
  it('sends only the events after the id the client last saw', async () => {
    const { gw, id, queuedEventId } = await jobSeenQueued()
    const missed = await readBlocks(gw.url, id, queuedEventId)
    expect(missed.map((block) => block.view?.status)).toEqual(['running', 'succeeded'])
    expect(Math.min(...missed.map((block) => Number(block.id)))).toBeGreaterThan(Number(queuedEventId))
    expect(missed[0]!.retry).toBe(String(SSE_RETRY_MS))

    // From the middle: exactly the rest, the same ids and views as before.
    expect(await readBlocks(gw.url, id, missed[0]!.id)).toEqual([
      { ...missed[1], retry: String(SSE_RETRY_MS) }
    ])
  })

  it('sends an empty stream (retry only) that ends when the client already has the final view', async () => {
    const { gw, id, queuedEventId } = await jobSeenQueued()
    const final = (await readBlocks(gw.url, id, queuedEventId)).at(-1)!
    expect(final.view?.status).toBe('succeeded')
    expect(await readBlocks(gw.url, id, final.id)).toEqual([{ retry: String(SSE_RETRY_MS) }])
  })

  it('sends the current view when the id is older than the kept events, unknown or malformed', async () => {
    const { gw, id, queuedEventId } = await jobSeenQueued()
    const fresh = await readBlocks(gw.url, id)
    expect(fresh).toHaveLength(1)
    expect(fresh[0]!.view?.status).toBe('succeeded')
    expect(Number(fresh[0]!.id)).toBeGreaterThan(Number(queuedEventId))
    for (const header of ['0', '1', '9999999999999999', '99999999999999999', 'abc', '']) {
      expect(await readBlocks(gw.url, id, header), `Last-Event-ID: ${header}`).toEqual(fresh)
    }
  })

  it('after a gateway restart, an id from the earlier run gets the current view under a higher id', async () => {
    const dir = tempDataDir()
    const first = await startDurable(dir)
    running.push(first)
    const id = await submitOk(first.url, STUDIO)
    await waitForStatus(first.url, id, 'succeeded')
    const before = await readBlocks(first.url, id)
    await first.close()

    const second = await startDurable(dir)
    running.push(second)
    const after = await readBlocks(second.url, id, before[0]!.id)
    expect(after.map((block) => block.view)).toEqual(before.map((block) => block.view))
    expect(Number(after[0]!.id)).toBeGreaterThan(Number(before[0]!.id))
  })
})

/**
 * A loopback TCP proxy in front of the gateway that cuts the first event stream right after its first
 * event (a dropped Wi-Fi connection) and records the Last-Event-ID each event request carried.
 */
async function cuttingProxy(
  target: string
): Promise<{ url: string; resumedFrom: (string | null)[]; close: () => void }> {
  const { port } = new URL(target)
  const resumedFrom: (string | null)[] = []
  const sockets = new Set<Socket>()
  let cut = false
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), '127.0.0.1')
    sockets.add(client).add(upstream)
    let events = false
    client.on('data', (chunk: Buffer) => {
      const head = chunk.toString('latin1')
      if (/^GET \S+\/events /.test(head)) {
        events = true
        resumedFrom.push(/^last-event-id: *(\S+)/im.exec(head)?.[1] ?? null)
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk)
      if (events && !cut && chunk.toString('latin1').includes('\nid: ')) {
        cut = true
        client.destroy()
        upstream.destroy()
      }
    })
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.on('error', () => undefined)
    upstream.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${address.port}`,
    resumedFrom,
    close: () => {
      for (const socket of sockets) socket.destroy()
      server.close()
    }
  }
}

describe("Relight's client on a dropped stream", () => {
  it('reconnects with the id of the last event it saw and gets each later change exactly once', async () => {
    const gated = new GatedProvider()
    const concurrency = { local: 1, fal: 1, replicate: 1, segmind: 1 }
    const gw = await startTestGateway({ concurrency }, { providers: { local: gated } })
    running.push(gw)
    const proxy = await cuttingProxy(gw.url)
    try {
      const ahead = await submitOk(gw.url, STUDIO)
      const id = await submitOk(gw.url, STUDIO)
      await waitFor(async () => (gated.started.includes(ahead) ? true : undefined), 'first job started')
      const seen: JobView[] = []
      const watching = createGatewayClient({ baseUrl: proxy.url }).watch(id, (job) => seen.push(job))
      await waitFor(async () => (seen.length > 0 ? true : undefined), 'the first event')
      gated.release(ahead)
      await waitFor(async () => (gated.release(id) ? true : undefined), 'second job started')

      const final = await watching
      expect(final.status).toBe('succeeded')
      expect(seen.map((job) => job.status)).toEqual(['queued', 'running', 'succeeded'])
      expect(proxy.resumedFrom).toEqual([null, expect.stringMatching(/^[1-9]\d*$/)])
    } finally {
      proxy.close()
    }
  })
})

describe('JobEvents (the ids behind the stream)', () => {
  const view = (status: JobView['status'], progress: number): JobView => ({
    id: 'job-1',
    status,
    model: 'local/studio',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    params: { model: 'local/studio', prompt: 'p' } as JobView['params'],
    progress,
    images: []
  })

  it('keeps ids rising when the clock goes back, and publishes a repeated view only once', () => {
    let now = 5_000
    const events = new JobEvents(() => now)
    const seen: number[] = []
    events.subscribe('job-1', (event) => seen.push(event.id))
    events.publish(view('running', 0.1))
    now = 1_000
    events.publish(view('running', 0.2))
    events.publish(view('running', 0.2))
    expect(seen).toEqual([5_000_000, 5_000_001])
  })

  it('keeps the last events of a job: an id before them gets undefined (send the latest view)', () => {
    const events = new JobEvents(() => 1)
    const ids: number[] = []
    events.subscribe('job-1', (event) => ids.push(event.id))
    for (let n = 0; n < KEPT_EVENTS_PER_JOB + 4; n++) events.publish(view('running', n / 100))
    const kept = ids.slice(-KEPT_EVENTS_PER_JOB)
    expect(events.since('job-1', kept[0]!)?.map((event) => event.id)).toEqual(kept.slice(1))
    expect(events.since('job-1', ids[3]!)).toBeUndefined()
    expect(events.since('job-1', ids.at(-1)!)).toEqual([])
    expect(events.since('job-2', ids.at(-1)!)).toBeUndefined()
  })
})

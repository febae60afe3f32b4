/**
 * HTTP below fetch, for attacks fetch cannot make: a chosen Host header, a chosen local address, a body
 * sent at the attacker's pace, a socket that never finishes its headers.
 */
import { Agent, request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'

export interface RawResponse {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: string
}

/** One request with exactly these headers (Host included), from `localAddress` when given. */
export function rawRequest(
  url: string,
  options: {
    method?: string
    headers?: Record<string, string>
    body?: string | Uint8Array
    localAddress?: string
  } = {}
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        agent: false
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8')
          })
        )
        response.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

export interface PacedUpload {
  /** The answer, as soon as the server gives one (maybe long before the body is sent). */
  readonly response: Promise<RawResponse>
  /** Resolves with the bytes written once the sender stops: all sent, stopped, or the socket failed. */
  readonly finished: Promise<{ sent: number; complete: boolean; error?: string }>
  /** Bytes of the body written so far. */
  sent(): number
  /** Stops sending and closes the connection. */
  stop(): void
}

/**
 * POSTs `head`, then `chunks` chunks from `chunk(i)`, then `tail`, waiting `pauseMs` between chunks:
 * a client uploading a large body over a slow link. Content-Length announces the whole body.
 */
export function pacedUpload(
  url: string,
  options: {
    headers: Record<string, string>
    head: string
    chunk: (index: number) => Buffer
    chunks: number
    chunkBytes: number
    tail: string
    pauseMs: number
  }
): PacedUpload {
  const total = Buffer.byteLength(options.head) + options.chunks * options.chunkBytes + options.tail.length
  let sent = 0
  let stopped = false
  let failure: string | undefined
  // A keep-alive agent, as browsers and fetch are: with `Connection: close` the server may close at once.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const req = request(url, {
    method: 'POST',
    headers: { ...options.headers, 'content-length': String(total) },
    agent
  })
  req.once('close', () => agent.destroy())
  req.on('error', (error) => {
    failure = (error as NodeJS.ErrnoException).code ?? error.message
  })
  const response = new Promise<RawResponse>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8')
        })
      )
      res.on('error', reject)
    })
    req.on('error', reject)
  })
  response.catch(() => undefined)
  const write = async (data: string | Buffer): Promise<void> => {
    if (stopped || failure || req.destroyed) return
    sent += Buffer.byteLength(data)
    if (!req.write(data)) {
      await new Promise<void>((resolve) => {
        req.once('drain', resolve)
        req.once('close', resolve)
      })
    }
  }
  const finished = (async () => {
    await write(options.head)
    for (let i = 0; i < options.chunks; i++) {
      await write(options.chunk(i))
      await delay(options.pauseMs)
    }
    await write(options.tail)
    const complete = !stopped && !failure && sent === total
    if (complete) req.end()
    return { sent, complete, ...(failure ? { error: failure } : {}) }
  })()
  return {
    response,
    finished,
    sent: () => sent,
    stop() {
      stopped = true
      req.destroy()
    }
  }
}

/** A socket from `localAddress` that sends part of a request's headers and then nothing more. */
export async function stalledSocket(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, localAddress })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  socket.on('error', () => undefined) // a reset by the server is what some tests wait for
  socket.resume() // read (and drop) whatever the server answers, so its close is seen
  socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')
  return socket
}

/** Resolves true once the server has closed the socket, false if it is still open after `ms`. */
export async function closedWithin(socket: Socket, ms: number): Promise<boolean> {
  if (socket.destroyed || socket.readableEnded) return true
  const closed = new Promise<boolean>((resolve) => {
    socket.once('close', () => resolve(true))
    socket.once('end', () => resolve(true))
  })
  return Promise.race([closed, delay(ms).then(() => false)])
}

/**
 * A client that reads the answer only after sending its whole body, as a browser does: it writes the
 * request head and `chunks` of `chunkBytes` at its own pace, then reads whatever the server said.
 */
export async function uploadThenRead(
  port: number,
  head: string,
  options: { chunks: number; chunkBytes: number; pauseMs: number }
): Promise<{ sent: number; error?: string; answer: string }> {
  const socket = connect({ host: '127.0.0.1', port })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  let error: string | undefined
  socket.on('error', (failure: NodeJS.ErrnoException) => (error ??= failure.code ?? failure.message))
  socket.pause() // nothing is read until the upload is done
  socket.write(head)
  let sent = 0
  const chunk = Buffer.alloc(options.chunkBytes)
  while (sent < options.chunks * options.chunkBytes && !error && !socket.destroyed) {
    if (!socket.write(chunk)) {
      await Promise.race([
        new Promise((resolve) => socket.once('drain', resolve)),
        new Promise((resolve) => socket.once('close', resolve))
      ])
    }
    sent += options.chunkBytes
    await delay(options.pauseMs)
  }
  const received: Buffer[] = []
  socket.on('data', (data: Buffer) => received.push(data))
  socket.resume()
  await Promise.race([new Promise((resolve) => socket.once('close', resolve)), delay(2000)])
  socket.destroy()
  return { sent, ...(error ? { error } : {}), answer: Buffer.concat(received).toString('utf8') }
}

/** A `text/event-stream` reader on fetch streaming (so the Authorization header works). */

export interface ServerSentEvent {
  readonly event: string
  readonly data: string
  readonly id?: string
  readonly retry?: number
}

/** Parses a `text/event-stream` body as the HTML spec says, across any chunk boundaries. */
export async function* readEvents(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
  /** Called on every chunk, comments included: the stream is alive. */
  onChunk?: () => void
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  const onAbort = () => void reader.cancel().catch(() => undefined)
  signal?.addEventListener('abort', onAbort, { once: true })
  let buffer = ''
  let event: { event: string; data: string[]; id?: string; retry?: number } = { event: 'message', data: [] }
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (signal?.aborted) throw signal.reason
      onChunk?.()
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true })
      // A trailing '\r' may be the first half of '\r\n': keep it until the next chunk.
      let match: RegExpExecArray | null
      const lineEnd = /\r\n|\n|\r(?=[^\n])/g
      let start = 0
      while ((match = lineEnd.exec(buffer)) !== null) {
        const line = buffer.slice(start, match.index)
        start = match.index + match[0].length
        if (line === '') {
          if (event.data.length > 0) {
            yield { event: event.event, data: event.data.join('\n'), id: event.id, retry: event.retry }
          }
          event = { event: 'message', data: [], id: event.id }
          continue
        }
        if (line.startsWith(':')) continue
        const colon = line.indexOf(':')
        const field = colon === -1 ? line : line.slice(0, colon)
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
        if (field === 'data') event.data.push(value)
        else if (field === 'event') event.event = value
        else if (field === 'id') event.id = value
        else if (field === 'retry' && /^\d+$/.test(value)) event.retry = Number(value)
      }
      buffer = buffer.slice(start)
      if (done) return
    }
  } finally {
    signal?.removeEventListener('abort', onAbort)
    // Also closes the connection when the caller stops early (a final state arrived).
    await reader.cancel().catch(() => undefined)
  }
}

import { describe, expect, it } from 'vitest'

import { readEvents } from '../../src/protocol/client.js'

describe('readEvents', () => {
  it('decodes multi-byte characters and multi-line data split byte by byte', async () => {
    const bytes = new TextEncoder().encode('data: warm “sunset”\ndata: line two\nid: 9\nretry: 250\n\n')
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]))
        controller.close()
      }
    })
    const events = []
    for await (const event of readEvents(stream)) events.push(event)
    expect(events).toEqual([{ event: 'message', data: 'warm “sunset”\nline two', id: '9', retry: 250 }])
  })

  it('drops an event that the stream cut off before its blank line', async () => {
    const stream = new Response('data: {"a":1}\n\ndata: {"b"').body as ReadableStream<Uint8Array>
    const events = []
    for await (const event of readEvents(stream)) events.push(event.data)
    expect(events).toEqual(['{"a":1}'])
  })
})

/**
 * A silent main thread (a handler that threw inside Figma and never answered) no longer leaves the UI
 * waiting forever: export and insert give up after their timeout with words for the designer, a late
 * answer is ignored, and a job whose results could not be placed is given up.
 */
import './install-fake-figma.js'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { JobView } from '../../src/protocol/api.js'
import type { GatewayClient } from '../../src/protocol/client.js'
import type { ExportedLayer, InsertRequest } from '../../src/protocol/events.js'
import { MainThreadSilentError } from '../../ui/lib/main-thread-silence.js'
import { relightLayerAsync } from '../../ui/lib/relight-layer-async.js'
import { requestExportAsync } from '../../ui/lib/request-export-async.js'
import { requestInsertAsync } from '../../ui/lib/request-insert-async.js'

interface Bus {
  postMessage(message: unknown): void
  onmessage?: (message: unknown) => void
}

/** The UI's messages to the main thread (in Node, create-figma-plugin's emit posts through figma.ui). */
let sent: unknown[][] = []
let original: Bus['postMessage']
const bus = () => (globalThis as unknown as { figma: { ui: Bus } }).figma.ui

beforeEach(() => {
  sent = []
  original = bus().postMessage
  bus().postMessage = (message: unknown) => void sent.push(message as unknown[])
})
afterEach(() => {
  bus().postMessage = original
})

/** The main thread's answer, as create-figma-plugin delivers it to the UI's handlers. */
function answer(name: string, ...args: unknown[]): void {
  bus().onmessage?.([name, ...args])
}

const SIZE = { min: 256, max: 1024, multiple: 64, defaultLongSide: 1024, upscale: true }

describe('a silent main thread', () => {
  it('export gives up after the timeout, saying nothing was sent', async () => {
    const pending = requestExportAsync(['1:1'], SIZE, {}, 40)
    await expect(pending).rejects.toBeInstanceOf(MainThreadSilentError)
    await expect(pending).rejects.toThrow(
      'Figma did not answer while exporting the layer (no reply in 0 s). Nothing was sent to the gateway.'
    )
    expect(sent[0]?.[0]).toBe('EXPORT_REQUEST')
    // A late answer finds nothing waiting and changes nothing.
    expect(() => answer('EXPORT_RESULT', sent[0]?.[1], { layers: [] })).not.toThrow()
  })

  it('export resolves with an answer that comes in time, and asks for masks only when told', async () => {
    const pending = requestExportAsync(['1:1'], SIZE, { masks: true }, 5_000)
    const [name, requestId, ids, size, options] = sent[0]!
    expect([name, ids, size, options]).toEqual(['EXPORT_REQUEST', ['1:1'], SIZE, { masks: true }])
    answer('EXPORT_RESULT', requestId, { layers: [] })
    await expect(pending).resolves.toEqual([])
    void requestExportAsync(['1:1'], SIZE, {}, 5_000)
    expect(sent[1]).toHaveLength(4)
    answer('EXPORT_RESULT', sent[1]![1], { layers: [] })
  })

  it('insert gives up after the timeout, saying the results may not be on the canvas', async () => {
    const request: InsertRequest = {
      sourceId: '1:1',
      images: [],
      params: { jobId: 'j', model: 'local/studio', prompt: 'warm', lightSource: 'left', seed: null }
    }
    await expect(requestInsertAsync(request, 40)).rejects.toThrow(
      /^Figma did not answer while placing the results \(no reply in 0 s\), so they may not be on the canvas\./
    )
    const inTime = requestInsertAsync(request, 5_000)
    answer('INSERT_RESULT', sent[1]![1], { nodeIds: ['5:1'] })
    await expect(inTime).resolves.toEqual(['5:1'])
  })

  it('a run whose insert never answers fails with that message and gives the job up', async () => {
    const job: JobView = {
      id: 'job-1',
      status: 'succeeded',
      model: 'local/studio',
      createdAt: '',
      updatedAt: '',
      params: { prompt: 'warm', lightSource: 'left', seed: 1 } as JobView['params'],
      images: [{ url: '/v1/jobs/job-1/images/0', width: 8, height: 8, contentType: 'image/png' }]
    }
    const client = {
      submit: async () => ({ id: 'job-1', status: 'queued' as const }),
      watch: async () => job,
      image: async () => new Uint8Array([1]),
      markInserted: async () => undefined
    } as unknown as GatewayClient
    const layer: ExportedLayer = {
      id: '1:1',
      name: 'Bottle',
      bytes: new Uint8Array([1]),
      width: 8,
      height: 8,
      layerWidth: 8,
      layerHeight: 8
    }
    const forgotten: string[] = []
    await expect(
      relightLayerAsync({
        client,
        layer,
        params: { model: 'local/studio', prompt: 'warm' },
        signal: new AbortController().signal,
        onSubmitted: () => undefined,
        onSubmittedAfterCancel: () => undefined,
        onJob: () => undefined,
        onImages: () => undefined,
        onUnplaceable: (id) => forgotten.push(id),
        insert: (request) => requestInsertAsync(request, 40)
      })
    ).rejects.toThrow(/Figma did not answer while placing the results/)
    expect(forgotten).toEqual(['job-1'])
  })
})

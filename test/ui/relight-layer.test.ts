/**
 * One layer's relight with a hand-written gateway client: Cancel during the upload still cancels the job
 * the gateway accepted (and places nothing); in a run over several layers every error names its layer, and
 * Cancel forgets the canceled jobs, honest about those that had already finished.
 */
import './install-fake-figma.js'

import { describe, expect, it } from 'vitest'

import type { JobView } from '../../src/protocol/api.js'
import { ApiError, type GatewayClient } from '../../src/protocol/client.js'
import type { ExportedLayer, InsertRequest } from '../../src/protocol/events.js'
import { canceledText, cancelJobsAsync } from '../../ui/lib/cancel-jobs-async.js'
import { relightLayerAsync, type RelightLayerInput } from '../../ui/lib/relight-layer-async.js'

const camera: ExportedLayer = {
  id: '2:1',
  name: 'Camera',
  bytes: new Uint8Array([137, 80, 78, 71]),
  width: 8,
  height: 8,
  layerWidth: 8,
  layerHeight: 8
}

function succeeded(id: string): JobView {
  return {
    id,
    status: 'succeeded',
    model: 'local/studio',
    createdAt: '',
    updatedAt: '',
    params: { prompt: 'warm', lightSource: 'left', seed: 7 } as JobView['params'],
    images: [{ url: `/v1/jobs/${id}/images/0`, width: 8, height: 8, contentType: 'image/png' }]
  }
}

/** A client whose calls are recorded; each method can be replaced per test. */
function fakeClient(overrides: Partial<GatewayClient> = {}): GatewayClient & { calls: string[] } {
  const calls: string[] = []
  const client = {
    calls,
    baseUrl: 'http://gateway.test',
    health: async () => ({ ok: true as const, version: 't' }),
    models: async () => ({ models: [], defaultModel: 'local/studio' }),
    usage: async () => null,
    async submit() {
      calls.push('submit')
      return { id: 'job-1', status: 'queued' as const }
    },
    job: async (id: string) => succeeded(id),
    jobs: async () => ({ jobs: [] }),
    async cancel(id: string) {
      calls.push(`cancel ${id}`)
    },
    async markInserted(id: string) {
      calls.push(`inserted ${id}`)
    },
    async deleteJob(id: string) {
      calls.push(`delete ${id}`)
    },
    async image(url: string) {
      calls.push(`image ${url}`)
      return new Uint8Array([1, 2, 3])
    },
    async watch(id: string, onUpdate: (job: JobView) => void) {
      calls.push(`watch ${id}`)
      onUpdate(succeeded(id))
      return succeeded(id)
    },
    ...overrides
  }
  return client
}

function input(client: GatewayClient, extra: Partial<RelightLayerInput> = {}) {
  const inserts: InsertRequest[] = []
  const late: string[] = []
  const submitted: string[] = []
  const value: RelightLayerInput = {
    client,
    layer: camera,
    params: { model: 'local/studio', prompt: 'warm', lightSource: 'left', numImages: 1 },
    signal: new AbortController().signal,
    onSubmitted: (id) => submitted.push(id),
    onSubmittedAfterCancel: (id) => late.push(id),
    onJob: () => undefined,
    onImages: () => undefined,
    insert: async (request) => {
      inserts.push(request)
      return ['9:1']
    },
    ...extra
  }
  return { value, inserts, late, submitted }
}

describe('relightLayerAsync', () => {
  it('places the results with the run id, then marks the job inserted', async () => {
    const client = fakeClient()
    const { value, inserts } = input(client, { runId: 'run-1' })
    expect(await relightLayerAsync(value)).toBe(1)
    expect(inserts).toHaveLength(1)
    expect(inserts[0]).toMatchObject({
      sourceId: camera.id,
      runId: 'run-1',
      params: { jobId: 'job-1', seed: 7 }
    })
    expect(client.calls.at(-1)).toBe('inserted job-1')
  })

  it('Cancel during the upload: the submit finishes, the returned job is canceled at once, nothing placed', async () => {
    const controller = new AbortController()
    let releaseUpload: () => void = () => undefined
    const client = fakeClient({
      async submit(_image, _params, options) {
        // The upload is not tied to Cancel: aborting must not abort it, or the job id is never learned.
        expect(options?.signal).toBeUndefined()
        await new Promise<void>((resolve) => (releaseUpload = resolve))
        return { id: 'job-late', status: 'queued' }
      }
    })
    const { value, inserts, late, submitted } = input(client, { signal: controller.signal })
    const running = relightLayerAsync(value)
    await new Promise((resolve) => setTimeout(resolve, 0))
    controller.abort()
    releaseUpload()
    expect(await running).toBe(0)
    expect(late).toEqual(['job-late'])
    expect(submitted).toEqual([])
    expect(inserts).toEqual([])
    expect(client.calls.filter((call) => call.startsWith('watch'))).toEqual([])
  })

  it("submits nothing when the run was canceled before this layer's turn", async () => {
    const controller = new AbortController()
    controller.abort()
    const client = fakeClient()
    const { value } = input(client, { signal: controller.signal })
    expect(await relightLayerAsync(value)).toBe(0)
    expect(client.calls).toEqual([])
  })

  it('in a run over several layers, a download error names the layer', async () => {
    const client = fakeClient({
      async image() {
        throw new ApiError(500, 'http_500', 'The gateway had a problem (HTTP 500). Try again in a moment.')
      }
    })
    const { value, inserts } = input(client, { nameInErrors: true })
    await expect(relightLayerAsync(value)).rejects.toThrow(
      'Camera: The gateway had a problem (HTTP 500). Try again in a moment.'
    )
    expect(inserts).toEqual([])
  })

  it('in a run over several layers, upload, job and insert errors name the layer too', async () => {
    const upload = fakeClient({
      async submit() {
        throw new ApiError(413, 'http_413', 'The image is too large for the gateway.')
      }
    })
    await expect(relightLayerAsync(input(upload, { nameInErrors: true }).value)).rejects.toThrow(
      'Camera: The image is too large for the gateway.'
    )

    const failed = {
      ...succeeded('job-1'),
      status: 'failed' as const,
      images: [],
      error: { code: 'x', message: 'The model ran out of memory.' }
    }
    const job = fakeClient({ watch: async () => failed })
    await expect(relightLayerAsync(input(job, { nameInErrors: true }).value)).rejects.toThrow(
      'Camera: The model ran out of memory.'
    )
    // One layer alone keeps the sentence that names it.
    await expect(relightLayerAsync(input(job).value)).rejects.toThrow(
      '“Camera” could not be relit: The model ran out of memory.'
    )

    const insert = input(fakeClient(), {
      nameInErrors: true,
      insert: async () => {
        throw new Error('Figma could not use a result image (too big).')
      }
    })
    await expect(relightLayerAsync(insert.value)).rejects.toThrow(
      'Camera: Figma could not use a result image (too big).'
    )
  })
})

describe('cancelJobsAsync', () => {
  it('forgets the canceled jobs, so none is offered later as finished while Relight was closed', async () => {
    const forgotten: string[][] = []
    const client = fakeClient()
    const outcome = await cancelJobsAsync(client, ['a', 'b'], (ids) => forgotten.push([...ids]))
    expect(forgotten).toEqual([['a', 'b']])
    expect(client.calls).toEqual(['cancel a', 'cancel b'])
    expect(outcome).toEqual({ alreadyFinished: 0, unknown: 0 })
    expect(canceledText(outcome)).toBe('Canceled. Nothing more will be placed.')
  })

  it('says honestly when the gateway answers 409: the relight had already finished', async () => {
    const client = fakeClient({
      async cancel(id) {
        if (id === 'done') {
          throw new ApiError(
            409,
            'already_final',
            'This relight already succeeded; there is nothing to cancel.'
          )
        }
      }
    })
    const forgotten: string[] = []
    const outcome = await cancelJobsAsync(client, ['done', 'running'], (ids) => forgotten.push(...ids))
    expect(outcome).toEqual({ alreadyFinished: 1, unknown: 0 })
    expect(forgotten).toEqual(['done', 'running'])
    expect(canceledText(outcome)).toBe(
      'Canceled. Nothing more will be placed. 1 relight had already finished at the gateway and could not be canceled.'
    )
  })
})

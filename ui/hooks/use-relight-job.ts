import { emit, pluralize } from '@create-figma-plugin/utilities'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

import type { JobView, ModelView } from '../../src/protocol/api.js'
import { isFinalStatus } from '../../src/protocol/api.js'
import type { SizeSpec } from '../../src/protocol/catalog.js'
import type { GatewayClient } from '../../src/protocol/client.js'
import type {
  ForgetJobsHandler,
  JobStartedHandler,
  NotifyHandler,
  RunFinishedHandler
} from '../../src/protocol/events.js'
import type { RelightParamsInput } from '../../src/protocol/request.js'
import { canceledText, cancelJobsAsync } from '../lib/cancel-jobs-async.js'
import { createRequestId } from '../lib/create-request-id.js'
import { describeError } from '../lib/describe-error.js'
import { prepareLayerRequestAsync } from '../lib/prepare-layer-request-async.js'
import { type HeldResults, relightLayerAsync } from '../lib/relight-layer-async.js'
import { requestExportAsync } from '../lib/request-export-async.js'
import { type RunErrorCause, runErrorCause } from '../lib/run-error-cause.js'
import { backgroundLightAsync, type SceneOverrides, sceneShadowAsync } from '../lib/scene-shadow-async.js'
import { settleWithLimitAsync } from '../lib/settle-with-limit-async.js'
import { summarizeJobs } from '../lib/summarize-jobs.js'

export type Phase = 'idle' | 'exporting' | 'running' | 'done' | 'failed' | 'canceled'

export interface RunView {
  readonly phase: Phase
  readonly statusText: string
  /**
   * While running: the status text as it reads `elapsedSeconds` after `statusAt` (the time left counting
   * down between the gateway's updates). `statusText` stays the text of the last update.
   */
  readonly statusAfter?: (elapsedSeconds: number) => string
  readonly statusAt?: number
  readonly progress: number
  /** Object URLs of the results placed so far, for thumbnails. */
  readonly results: readonly string[]
  readonly error?: string
  /** What `error` is about, so it can be cleared once that changes. */
  readonly errorCause?: RunErrorCause
  /** The seed the gateway reported for this run's first job, when there is one. */
  readonly seed?: number
}

export interface StartInput {
  readonly client: GatewayClient
  readonly model: ModelView
  /** One job per layer; params differ per layer (e.g. the output follows each layer's transparency). */
  readonly requests: readonly { readonly layerId: string; readonly params: RelightParamsInput }[]
  /** The working size to export at, when the designer chose the output size (sent as width/height). */
  readonly size?: SizeSpec
  /** Match background: the layers are lit to match this layer behind them (the overrides win). */
  readonly scene?: { readonly backgroundId: string; readonly overrides: SceneOverrides }
  /** Set when the designer picks before placing: results go here instead of onto the canvas. */
  readonly hold?: (held: HeldResults) => void
}

/** Jobs followed at once; the rest wait their turn (see settleWithLimitAsync). */
const CONCURRENT_JOBS = 3

const IDLE: RunView = { phase: 'idle', statusText: '', progress: 0, results: [] }

export function isRunning(phase: Phase): boolean {
  return phase === 'exporting' || phase === 'running'
}

/** Relight → export → one job per layer → watch → download → insert → mark inserted; and Cancel. */
export function useRelightJob(): {
  readonly run: RunView
  readonly start: (input: StartInput) => Promise<void>
  readonly cancel: () => void
  readonly dismissError: () => void
} {
  const [run, setRun] = useState<RunView>(IDLE)
  const active = useRef<{ controller: AbortController; client: GatewayClient; jobIds: Set<string> } | null>(
    null
  )
  const urls = useRef<string[]>([])

  useEffect(() => () => urls.current.forEach((url) => URL.revokeObjectURL(url)), [])

  const start = useCallback(async ({ client, model, requests, size, scene, hold }: StartInput) => {
    if (active.current !== null) return
    const controller = new AbortController()
    const jobIds = new Set<string>()
    const runId = createRequestId()
    active.current = { controller, client, jobIds }
    urls.current.forEach((url) => URL.revokeObjectURL(url))
    urls.current = []
    setRun({ phase: 'exporting', statusText: 'Exporting from Figma…', progress: 0, results: [] })
    const live = () => !controller.signal.aborted
    const about = {
      prompt: requests[0]?.params.prompt ?? '',
      layerIds: requests.map((request) => request.layerId)
    }
    try {
      const masks = requests.some((request) => request.params.maskMode === 'image')
      const layers = await requestExportAsync(
        requests.map((request) => request.layerId),
        size ?? model.size,
        { ...(masks ? { masks } : {}), ...(scene ? { background: scene.backgroundId } : {}) }
      )
      const jobs: (JobView | undefined)[] = layers.map(() => undefined)
      const placed: boolean[] = layers.map(() => false)
      const show = () => {
        if (!live()) return
        const seen = [...jobs]
        const done = [...placed]
        setRun((current) => ({
          ...current,
          phase: 'running',
          ...summarizeJobs(seen, done),
          statusAt: Date.now(),
          statusAfter: (elapsedSeconds) => summarizeJobs(seen, done, elapsedSeconds).statusText
        }))
      }
      show()
      const outcomes = await settleWithLimitAsync(layers, CONCURRENT_JOBS, async (layer, index) => {
        const request = requests.find((entry) => entry.layerId === layer.id) ?? requests[0]
        const prepared = await prepareLayerRequestAsync(layer, request.params, size !== undefined).catch(
          (error: unknown) => {
            throw new Error(
              layers.length > 1 ? `${layer.name}: ${describeError(error)}` : describeError(error),
              { cause: error }
            )
          }
        )
        return relightLayerAsync({
          client,
          layer,
          params: prepared.params,
          ...(prepared.mask !== undefined ? { mask: prepared.mask } : {}),
          ...(scene
            ? {
                scene: {
                  shadowFor: async (relit: Uint8Array) => {
                    if (layer.background === undefined) throw new Error('no background to cast a shadow on')
                    const light = await backgroundLightAsync(layer.background, scene.overrides)
                    return sceneShadowAsync(relit, layer, light)
                  }
                }
              }
            : {}),
          signal: controller.signal,
          runId,
          ...(hold !== undefined ? { hold } : {}),
          nameInErrors: layers.length > 1,
          onSubmitted: (id) => {
            jobIds.add(id)
            emit<JobStartedHandler>('JOB_STARTED', id, layer.id)
          },
          onSubmittedAfterCancel: (id) => void cancelJobsAsync(client, [id]),
          onUnplaceable: (id) => emit<ForgetJobsHandler>('FORGET_JOBS', [id]),
          onJob: (job) => {
            jobs[index] = job
            if (isFinalStatus(job.status)) jobIds.delete(job.id)
            const seed = job.params?.seed
            if (index === 0 && typeof seed === 'number' && live()) {
              setRun((current) => (current.seed === seed ? current : { ...current, seed }))
            }
            show()
          },
          onImages: (images) => {
            placed[index] = true
            if (hold !== undefined) {
              show()
              return
            }
            const added = images.map((image) =>
              URL.createObjectURL(
                new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.contentType })
              )
            )
            urls.current.push(...added)
            if (live()) setRun((current) => ({ ...current, results: [...current.results, ...added] }))
            show()
          }
        })
      })
      if (!live()) return
      const reasons = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []))
      const errors = reasons.map(describeError)
      const count = outcomes.reduce(
        (sum, outcome) => sum + (outcome.status === 'fulfilled' ? outcome.value : 0),
        0
      )
      const summary =
        count === 0
          ? 'Nothing was placed.'
          : hold !== undefined
            ? `${count} ${pluralize(count, 'result')} ready: pick the ones to place.`
            : `Placed ${count} ${pluralize(count, 'relit layer')} on the canvas.`
      if (count > 0 && hold === undefined) emit<NotifyHandler>('NOTIFY', summary, { error: false })
      setRun((current) => ({
        ...current,
        phase: errors.length > 0 ? 'failed' : 'done',
        statusText: summary,
        progress: 1,
        ...(errors.length > 0 ? { error: errors.join('\n'), errorCause: runErrorCause(reasons, about) } : {})
      }))
    } catch (error) {
      if (live())
        setRun((current) => ({
          ...current,
          phase: 'failed',
          statusText: '',
          error: describeError(error),
          errorCause: runErrorCause([error], about)
        }))
    } finally {
      if (active.current?.controller === controller) active.current = null
      // Select what this run placed, all together, as one undo step (even after Cancel).
      emit<RunFinishedHandler>('RUN_FINISHED', runId)
    }
  }, [])

  const cancel = useCallback(() => {
    const current = active.current
    if (current === null) return
    active.current = null
    current.controller.abort()
    setRun((view) => ({
      ...view,
      phase: 'canceled',
      statusText: 'Canceled. Nothing more will be placed.',
      progress: 0
    }))
    // Cancel at the gateway too, so the provider stops and nothing is billed or inserted later; uploads
    // still in flight are canceled as soon as the gateway answers with their job id (relightLayerAsync).
    void cancelJobsAsync(current.client, [...current.jobIds]).then((outcome) =>
      setRun((view) => (view.phase === 'canceled' ? { ...view, statusText: canceledText(outcome) } : view))
    )
  }, [])

  const dismissError = useCallback(
    () => setRun((view) => ({ ...view, error: undefined, errorCause: undefined })),
    []
  )

  return { run, start, cancel, dismissError }
}

/**
 * A Studio worker thread: relights one job's images at a time, off the gateway's event loop. The input
 * pixels arrive transferred; each result is transferred back as soon as it is lit, so the gateway can
 * encode it and report progress while the next one is computed. A cancel is honored between images.
 */
import { setImmediate as yieldToMessages } from 'node:timers/promises'
import { parentPort } from 'node:worker_threads'

import {
  findSubject,
  matchScene,
  relight,
  type RelitImage,
  type RgbaImage,
  studioOptions,
  type Subject
} from '../../engine/index.js'
import { sceneOverrides } from '../../engine/studio-options.js'
import type { RelightParams } from '../../protocol/request.js'

export interface StudioTask {
  readonly type: 'run'
  readonly id: number
  readonly width: number
  readonly height: number
  readonly data: Uint8ClampedArray
  readonly mask: Uint8Array
  readonly background?: RgbaImage
  readonly params: RelightParams
}

export type ToWorker = StudioTask | { readonly type: 'cancel'; readonly id: number }

export type FromWorker =
  | {
      readonly type: 'image'
      readonly id: number
      readonly n: number
      readonly width: number
      readonly height: number
      readonly data: Uint8ClampedArray
      readonly ms: number
      /** What the engine decided (a subject found or not), for the job's log. */
      readonly notes: readonly string[]
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly stack?: string }
  /** The worker is free again (after the last image, an error or a cancel). */
  | { readonly type: 'done'; readonly id: number }

const port = parentPort
if (!port) throw new Error('studio-worker.ts runs only as a worker thread.')
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer)

const canceled = new Set<number>()

async function run(task: StudioTask): Promise<void> {
  const image = { width: task.width, height: task.height, data: task.data }
  // Every variation lights the same subject: find it once.
  let subject: Subject | undefined
  for (let n = 0; n < task.params.numImages; n++) {
    await yieldToMessages() // lets a cancel message in between images
    if (canceled.has(task.id)) return
    const started = performance.now()
    let lit: RelitImage
    if (task.background) {
      lit = matched(image, task.background, task.mask, task.params, n)
    } else {
      const options = studioOptions(task.params, n, task.mask)
      if (options.autoMask && task.params.numImages > 1) subject ??= findSubject(image)
      lit = relight(image, subject ? { ...options, subject } : options)
    }
    const ms = Math.round(performance.now() - started)
    const { data } = lit
    const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
    const owned = whole && data.buffer !== task.data.buffer ? data : data.slice()
    const { width, height, notes } = lit
    post({ type: 'image', id: task.id, n, width, height, data: owned, ms, notes }, [
      owned.buffer as ArrayBuffer
    ])
  }
}

/**
 * The subject lit to match the background: the matched scene (the background with the subject and its
 * shadow, at the background's size) or, for a cut-out, the relit subject alone. The designer's azimuth,
 * light colour and strength options win over what the background suggests (studio-options.ts).
 */
function matched(
  image: RgbaImage,
  background: RgbaImage,
  mask: Uint8Array,
  params: RelightParams,
  variation: number
): RelitImage {
  const place = params.placement
  const placement = place && {
    x: place.x * background.width,
    y: place.y * background.height,
    width: place.width * background.width,
    height: place.height * background.height
  }
  const number = (name: string): number | undefined => {
    const value = params.options[name]
    return typeof value === 'number' ? value : undefined
  }
  const strength = number('strength')
  const scene = matchScene(image, background, {
    ...(placement ? { placement } : {}),
    light: sceneOverrides(params.options),
    ...(params.maskMode === 'auto' ? { autoMask: true } : { mask }),
    ...(strength !== undefined ? { strength } : {}),
    variation
  })
  return params.output === 'cutout' ? scene.subject : { ...scene.composite, notes: scene.subject.notes }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    canceled.add(message.id)
    return
  }
  canceled.clear() // one task at a time: a cancel that arrived after its task ended is stale
  run(message)
    .catch((error: unknown) => {
      const { message: text, stack } = error instanceof Error ? error : new Error(String(error))
      post({ type: 'error', id: message.id, message: text, ...(stack ? { stack } : {}) })
    })
    .finally(() => {
      post({ type: 'done', id: message.id })
    })
})

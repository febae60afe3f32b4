/**
 * A small pool of Studio worker threads (started on first use), so relighting never blocks the gateway's
 * event loop. One job's images run on one worker; more jobs than workers wait here, in order. Pixel
 * buffers are transferred, not copied, where the buffer allows it.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'

import type { RgbaImage } from '../../engine/index.js'
import type { RelightParams } from '../../protocol/request.js'
import type { FromWorker, StudioTask } from './studio-worker.js'

export interface StudioJob {
  readonly image: RgbaImage
  readonly mask: Uint8Array
  /** A background to match the subject to: the results are the matched scene (or cut-out). */
  readonly background?: RgbaImage
  readonly params: RelightParams
  readonly signal: AbortSignal
  /** Called in order, once a lit image is back on the gateway's thread, with the engine's notes. */
  readonly onImage: (n: number, image: RgbaImage, ms: number, notes: readonly string[]) => void
}

interface Pending {
  readonly id: number
  readonly job: StudioJob
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
  settled: boolean
}

interface Slot {
  readonly worker: Worker
  task?: Pending
}

export const DEFAULT_STUDIO_WORKERS = Math.min(2, availableParallelism())

const ENTRY = new URL('./studio-worker-entry.mjs', import.meta.url)

/** The buffer itself when a view covers all of it (transferable); a copy otherwise. */
function own<T extends Uint8Array | Uint8ClampedArray>(view: T): T {
  const whole = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength
  return whole && view.buffer instanceof ArrayBuffer ? view : (view.slice() as T)
}

export class StudioPool {
  readonly #size: number
  readonly #slots: Slot[] = []
  readonly #waiting: Pending[] = []
  #nextId = 1
  #closed = false

  constructor(size = DEFAULT_STUDIO_WORKERS) {
    this.#size = Math.max(1, size)
  }

  /** Relights on a worker; rejects with the signal's reason as soon as it aborts (later images are dropped). */
  run(job: StudioJob): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('The Studio worker pool is closed.'))
    job.signal.throwIfAborted()
    return new Promise<void>((resolve, reject) => {
      const task: Pending = { id: this.#nextId++, job, resolve, reject, settled: false }
      job.signal.addEventListener('abort', () => this.#abort(task), { once: true })
      this.#waiting.push(task)
      this.#dispatch()
    })
  }

  /** Stops every worker (a running engine call included); waiting and running jobs reject. */
  async close(): Promise<void> {
    this.#closed = true
    const error = new Error('The Studio worker pool closed.')
    for (const task of this.#waiting.splice(0)) this.#settle(task, error)
    const slots = this.#slots.splice(0)
    for (const slot of slots) if (slot.task) this.#settle(slot.task, error)
    await Promise.all(slots.map((slot) => slot.worker.terminate()))
  }

  #dispatch(): void {
    while (this.#waiting.length) {
      const slot = this.#slots.find((s) => !s.task) ?? this.#spawn()
      if (!slot) return
      const task = this.#waiting.shift()!
      slot.task = task
      slot.worker.ref()
      const { image, mask, params, background } = task.job
      const data = own(image.data)
      const ownMask = own(mask)
      const ownBackground = background && { ...background, data: own(background.data) }
      const message: StudioTask = {
        type: 'run',
        id: task.id,
        width: image.width,
        height: image.height,
        data,
        mask: ownMask,
        ...(ownBackground ? { background: ownBackground } : {}),
        params
      }
      const transfer = [data.buffer, ownMask.buffer] as ArrayBuffer[]
      if (ownBackground) transfer.push(ownBackground.data.buffer as ArrayBuffer)
      try {
        slot.worker.postMessage(message, transfer)
      } catch {
        // sharp's buffers are external memory, which newer Node refuses to transfer: copy them instead.
        slot.worker.postMessage(message)
      }
    }
  }

  #spawn(): Slot | undefined {
    if (this.#slots.length >= this.#size) return undefined
    const worker = new Worker(ENTRY, { execArgv: [] })
    const slot: Slot = { worker }
    worker.on('message', (message: FromWorker) => this.#onMessage(slot, message))
    // A worker that dies (a crash, out of memory) fails its job; the next job starts a fresh one.
    const lost = (error: unknown): void => {
      const index = this.#slots.indexOf(slot)
      if (index < 0) return
      this.#slots.splice(index, 1)
      if (slot.task) this.#settle(slot.task, error)
      slot.task = undefined
      this.#dispatch()
    }
    worker.on('error', lost)
    worker.on('exit', (code) => lost(new Error(`A Studio worker stopped (exit code ${code}).`)))
    this.#slots.push(slot)
    return slot
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    const task = slot.task
    if (!task || task.id !== message.id) return
    if (message.type === 'image') {
      if (task.settled) return // canceled: the result is dropped
      const { width, height, data, n, ms, notes } = message
      try {
        task.job.onImage(n, { width, height, data }, ms, notes)
      } catch (error) {
        this.#settle(task, error)
      }
    } else if (message.type === 'error') {
      const error = new Error(message.message)
      if (message.stack) error.stack = message.stack
      this.#settle(task, error)
    } else {
      this.#settle(task)
      slot.task = undefined
      slot.worker.unref() // an idle pool does not keep the process alive
      this.#dispatch()
    }
  }

  #abort(task: Pending): void {
    const index = this.#waiting.indexOf(task)
    if (index >= 0) this.#waiting.splice(index, 1)
    const slot = this.#slots.find((s) => s.task === task)
    slot?.worker.postMessage({ type: 'cancel', id: task.id })
    this.#settle(task, task.job.signal.reason)
  }

  #settle(task: Pending, error?: unknown): void {
    if (task.settled) return
    task.settled = true
    if (error === undefined) task.resolve()
    else task.reject(error)
  }
}

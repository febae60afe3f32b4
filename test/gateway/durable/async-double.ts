/**
 * An asynchronous provider double standing in for fal: a "remote" that outlives gateway restarts (the
 * same object is handed to each gateway), records every submit and cancel, and keeps each request
 * running until the test releases it. `holdSubmits` makes submit itself wait: a request that reached the
 * provider whose answer has not come back. An abort then loses the answer (`'abortable'`), or is ignored
 * (`'deaf'`, an answer already on its way).
 */
import { encodeImage } from '../../../src/gateway/images.js'
import type {
  AsyncProvider,
  ProviderContext,
  ProviderInput,
  ProviderResult,
  ProviderState
} from '../../../src/gateway/providers/contract.js'

export class HeldAsyncProvider implements AsyncProvider {
  readonly name = 'fal' as const
  readonly kind = 'async' as const
  readonly pollIntervalMs = 10
  readonly submits: string[] = []
  readonly cancels: string[] = []
  holdSubmits: false | 'abortable' | 'deaf' = false
  readonly #released = new Set<string>()
  readonly #submitGates: (() => void)[] = []

  async submit(input: ProviderInput, ctx: ProviderContext): Promise<{ requestId: string }> {
    const requestId = `req-${this.submits.length + 1}`
    this.submits.push(input.jobId)
    if (!this.holdSubmits) return { requestId }
    const abortable = this.holdSubmits === 'abortable'
    await new Promise<void>((resolve, reject) => {
      this.#submitGates.push(resolve)
      if (abortable) ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error))
    })
    return { requestId }
  }

  async status(requestId: string): Promise<ProviderState> {
    if (this.cancels.includes(requestId)) return { state: 'canceled' }
    return this.#released.has(requestId) ? { state: 'succeeded' } : { state: 'running', progress: 0.5 }
  }

  async result(_requestId: string, input: ProviderInput): Promise<ProviderResult> {
    const { width, height } = input.image
    const gray = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(127) }
    return { images: [await encodeImage(gray, 'png')] }
  }

  async cancel(requestId: string): Promise<void> {
    this.cancels.push(requestId)
  }

  release(requestId: string): void {
    this.#released.add(requestId)
  }

  /** Lets every held submit answer. */
  answerSubmits(): void {
    for (const open of this.#submitGates.splice(0)) open()
  }
}

/**
 * Inputs decoded at submit, kept in memory until their job starts, so an upload is decoded once. The store
 * holds the upload's own bytes (durable before the job is queued); a job whose entry is gone — after a
 * restart, or dropped over the budget — decodes those again, with the same code and the same result.
 */
import type { PreparedInput } from '../images.js'

/** Enough for a long line of large inputs; beyond it the oldest are dropped (and decoded again later). */
export const PREPARED_BUDGET_BYTES = 256 * 1024 ** 2

const sizeOf = (input: PreparedInput): number =>
  input.image.data.byteLength + input.mask.byteLength + (input.background?.data.byteLength ?? 0)

export class PreparedInputs {
  readonly #entries = new Map<string, PreparedInput>()
  #bytes = 0

  constructor(readonly budgetBytes = PREPARED_BUDGET_BYTES) {}

  put(jobId: string, input: PreparedInput): void {
    this.drop(jobId)
    const size = sizeOf(input)
    if (size > this.budgetBytes) return
    this.#entries.set(jobId, input)
    this.#bytes += size
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.budgetBytes) break
      this.drop(oldest)
    }
  }

  /** The entry, removed: a job's pixels are handed over once (the Studio worker takes ownership). */
  take(jobId: string): PreparedInput | undefined {
    const input = this.#entries.get(jobId)
    if (input) {
      this.#entries.delete(jobId)
      this.#bytes -= sizeOf(input)
    }
    return input
  }

  drop(jobId: string): void {
    this.take(jobId)
  }

  clear(): void {
    this.#entries.clear()
    this.#bytes = 0
  }

  get bytes(): number {
    return this.#bytes
  }
}

/**
 * Bounded concurrency per provider with a FIFO queue: at most `limit` jobs of a provider run at once,
 * the rest wait in arrival order, and `position` is the real place in that line (1 = next to start).
 */
import type { ProviderName } from '../../protocol/catalog.js'

interface Waiting {
  readonly jobId: string
  readonly start: () => Promise<void>
}

class Lane {
  readonly waiting: Waiting[] = []
  running = 0

  constructor(readonly limit: number) {}
}

export class ProviderQueues {
  readonly #lanes = new Map<ProviderName, Lane>()

  /** `onMove` runs whenever a lane's line moves, so waiting jobs can report their new position. */
  constructor(
    private readonly limits: Readonly<Record<ProviderName, number>>,
    private readonly onMove: (provider: ProviderName, waiting: readonly string[]) => void = () => {}
  ) {}

  #lane(provider: ProviderName): Lane {
    let lane = this.#lanes.get(provider)
    if (!lane) this.#lanes.set(provider, (lane = new Lane(Math.max(1, this.limits[provider] ?? 1))))
    return lane
  }

  /** Queues `start`; it runs when a slot of `provider` is free, and frees the slot when it settles. */
  enqueue(provider: ProviderName, jobId: string, start: () => Promise<void>): void {
    this.#lane(provider).waiting.push({ jobId, start })
    this.#drain(provider)
  }

  /** Takes a job out of the line before it starts; false when it is not waiting. */
  remove(jobId: string): boolean {
    for (const [provider, lane] of this.#lanes) {
      const index = lane.waiting.findIndex((item) => item.jobId === jobId)
      if (index >= 0) {
        lane.waiting.splice(index, 1)
        this.onMove(provider, this.waitingIds(provider))
        return true
      }
    }
    return false
  }

  position(jobId: string): number | undefined {
    for (const lane of this.#lanes.values()) {
      const index = lane.waiting.findIndex((item) => item.jobId === jobId)
      if (index >= 0) return index + 1
    }
    return undefined
  }

  waitingIds(provider: ProviderName): string[] {
    return this.#lane(provider).waiting.map((item) => item.jobId)
  }

  get idle(): boolean {
    return [...this.#lanes.values()].every((lane) => lane.running === 0 && lane.waiting.length === 0)
  }

  #drain(provider: ProviderName): void {
    const lane = this.#lane(provider)
    let moved = false
    while (lane.running < lane.limit && lane.waiting.length > 0) {
      const next = lane.waiting.shift()!
      lane.running++
      moved = true
      void next
        .start()
        .catch(() => {})
        .finally(() => {
          lane.running--
          this.#drain(provider)
        })
    }
    if (moved) this.onMove(provider, this.waitingIds(provider))
  }
}

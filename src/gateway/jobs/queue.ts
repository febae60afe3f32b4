/**
 * Bounded concurrency per provider with a fair queue: at most `limit` jobs of a provider run at once; the
 * rest wait, first in first out per owner, and a free slot goes to the owner served longest ago (an owner
 * not served yet first; ties: the oldest waiting job) — round-robin between owners, so one designer's batch
 * of 20 does not starve another's single job. `position` is the real place in that line (1 = next to
 * start): the same rule played forward, unchanged by jobs finishing.
 */
import type { ProviderName } from '../../protocol/catalog.js'

interface Waiting {
  readonly jobId: string
  readonly owner: string
  readonly seq: number
  readonly start: () => Promise<void>
}

class Lane {
  /** Each owner's waiting jobs in arrival order. */
  readonly #lines = new Map<string, Waiting[]>()
  readonly #runningBy = new Map<string, number>()
  /** The turn at which each owner last got a slot; kept while the owner has jobs waiting or running. */
  readonly #servedAt = new Map<string, number>()
  #order: Waiting[] | undefined
  #seq = 0
  #turn = 0
  running = 0

  constructor(readonly limit: number) {}

  push(jobId: string, owner: string, start: () => Promise<void>): void {
    const item = { jobId, owner, start, seq: this.#seq++ }
    const line = this.#lines.get(owner)
    if (line) line.push(item)
    else this.#lines.set(owner, [item])
    this.#order = undefined
  }

  /** Takes the next job to start and counts it as running for its owner. */
  shift(): Waiting | undefined {
    const item = this.order()[0]
    if (!item) return undefined
    this.remove(item.jobId)
    this.running++
    this.#runningBy.set(item.owner, (this.#runningBy.get(item.owner) ?? 0) + 1)
    this.#servedAt.set(item.owner, ++this.#turn)
    return item
  }

  finished(owner: string): void {
    this.running--
    const left = (this.#runningBy.get(owner) ?? 1) - 1
    if (left > 0) this.#runningBy.set(owner, left)
    else this.#runningBy.delete(owner)
    if (left <= 0 && !this.#lines.has(owner)) this.#servedAt.delete(owner)
  }

  /** The order jobs will start in if nothing else arrives or finishes. */
  order(): Waiting[] {
    if (this.#order) return this.#order
    const lines = [...this.#lines.entries()].map(([owner, line]) => ({
      line,
      next: 0,
      servedAt: this.#servedAt.get(owner) ?? -1
    }))
    const out: Waiting[] = []
    for (let turn = this.#turn; ;) {
      let best: (typeof lines)[number] | undefined
      for (const candidate of lines) {
        const head = candidate.line[candidate.next]
        if (!head) continue
        const better =
          !best ||
          candidate.servedAt < best.servedAt ||
          (candidate.servedAt === best.servedAt && head.seq < best.line[best.next]!.seq)
        if (better) best = candidate
      }
      if (!best) break
      out.push(best.line[best.next++]!)
      best.servedAt = ++turn
    }
    return (this.#order = out)
  }

  remove(jobId: string): boolean {
    for (const [owner, line] of this.#lines) {
      const index = line.findIndex((item) => item.jobId === jobId)
      if (index < 0) continue
      line.splice(index, 1)
      if (!line.length) this.#lines.delete(owner)
      if (!line.length && !this.#runningBy.has(owner)) this.#servedAt.delete(owner)
      this.#order = undefined
      return true
    }
    return false
  }

  get size(): number {
    let size = 0
    for (const line of this.#lines.values()) size += line.length
    return size
  }
}

/** What the executor needs of a job line: this process's `ProviderQueues`, or one shared by instances. */
export interface JobLine {
  enqueue(provider: ProviderName, jobId: string, start: () => Promise<void>, owner?: string): void
  remove(jobId: string): boolean
  position(jobId: string): number | undefined
  /** A line shared by instances answers from where it is kept (1 = next to start). */
  sharedPosition?(jobId: string): Promise<number | undefined>
  /** A shared line tells who is still waiting after its line moved (the local one takes `onMove` at construction). */
  watchMoves?(listener: (waiting: readonly string[]) => void): void
  /** Stops taking jobs; called before running jobs are aborted, settles once they are handed back. */
  close?(): Promise<void>
}

export class ProviderQueues implements JobLine {
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
  enqueue(provider: ProviderName, jobId: string, start: () => Promise<void>, owner = ''): void {
    this.#lane(provider).push(jobId, owner, start)
    this.#drain(provider)
  }

  /** Takes a job out of the line before it starts; false when it is not waiting. */
  remove(jobId: string): boolean {
    for (const [provider, lane] of this.#lanes) {
      if (lane.remove(jobId)) {
        this.onMove(provider, this.waitingIds(provider))
        return true
      }
    }
    return false
  }

  position(jobId: string): number | undefined {
    for (const lane of this.#lanes.values()) {
      const index = lane.order().findIndex((item) => item.jobId === jobId)
      if (index >= 0) return index + 1
    }
    return undefined
  }

  waitingIds(provider: ProviderName): string[] {
    return this.#lane(provider)
      .order()
      .map((item) => item.jobId)
  }

  get idle(): boolean {
    return [...this.#lanes.values()].every((lane) => lane.running === 0 && lane.size === 0)
  }

  #drain(provider: ProviderName): void {
    const lane = this.#lane(provider)
    let moved = false
    while (lane.running < lane.limit && lane.size > 0) {
      const next = lane.shift()!
      moved = true
      void next
        .start()
        .catch(() => {})
        .finally(() => {
          lane.finished(next.owner)
          this.#drain(provider)
        })
    }
    if (moved) this.onMove(provider, this.waitingIds(provider))
  }
}

/**
 * Random provider faults for the soak: every few hundred ms one fault is armed on one fake — 429 with
 * Retry-After, 500, 503, a hang, a dropped connection — on a submit, a status poll or a result read.
 * Seeded, so a failing run can be replayed with SOAK_SEED.
 */
import type { FakeServer, Fault } from '../testkit/fakes/server.js'

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Target {
  readonly name: string
  readonly fake: FakeServer
  readonly method: string
  readonly path: RegExp
}

const FAULTS: readonly { readonly fault: Fault; readonly weight: number }[] = [
  { fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, weight: 5 },
  { fault: { kind: 'status', status: 500 }, weight: 3 },
  { fault: { kind: 'status', status: 503 }, weight: 3 },
  { fault: { kind: 'reset' }, weight: 1 },
  { fault: { kind: 'hang' }, weight: 0.2 }
]

export interface FaultLog {
  readonly counts: Record<string, number>
  stop(): void
}

export function startFaults(targets: readonly Target[], random: () => number, everyMs: number): FaultLog {
  const counts: Record<string, number> = {}
  const total = FAULTS.reduce((sum, entry) => sum + entry.weight, 0)
  const timer = setInterval(() => {
    const target = targets[Math.floor(random() * targets.length)]!
    let pick = random() * total
    const entry = FAULTS.find((candidate) => (pick -= candidate.weight) < 0) ?? FAULTS[0]!
    target.fake.fault({ method: target.method, path: target.path }, entry.fault, 1)
    const label = `${target.name} ${entry.fault.kind === 'status' ? entry.fault.status : entry.fault.kind}`
    counts[label] = (counts[label] ?? 0) + 1
  }, everyMs)
  return { counts, stop: () => clearInterval(timer) }
}

export type { Target as FaultTarget }

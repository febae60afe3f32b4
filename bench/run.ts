/**
 * `npm run bench`: runs every benchmark in this folder, one section each. A bench is a module exporting an
 * async function that prints its own table through the `log` it is given; add it to BENCHES. Name sections
 * on the command line to run only those (`npx tsx bench/run.ts preview`).
 */
import os from 'node:os'

import { benchEngine } from './engine.js'
import { benchGateway } from './gateway.js'
import { benchMatch } from './match.js'
import { benchPreview } from './preview.js'
import { benchRealtime } from './realtime.js'
import { benchScaleOut } from './scale-out.js'

const BENCHES: readonly {
  readonly name: string
  readonly run: (log: (line: string) => void) => Promise<unknown>
}[] = [
  { name: 'engine: relight throughput (one core, median of runs after warm-up)', run: benchEngine },
  {
    name: 'gateway: overhead over the engine, throughput, memory (Studio, loopback HTTP)',
    run: benchGateway
  },
  {
    name: 'scale-out: throughput of 1 vs 3 instances on Redis (fake fal, loopback HTTP)',
    run: benchScaleOut
  },
  {
    name: 'realtime: latency the gateway adds to a Live frame (fake fal, loopback WebSocket)',
    run: benchRealtime
  },
  {
    name: 'preview: main-thread time per live-preview update in the plugin (Chromium, thumbnail size)',
    run: benchPreview
  },
  { name: 'match: scene light and matching against a read-write pass (one core)', run: benchMatch }
]

const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
console.log(
  `Relight benchmarks: node ${process.version}, ${cpu}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}`
)
// `npx tsx bench/run.ts preview engine` runs only the sections whose names start with those words.
const only = process.argv.slice(2)
const selected = BENCHES.filter(
  (bench) => only.length === 0 || only.some((word) => bench.name.startsWith(`${word}:`))
)
for (const bench of selected) {
  console.log(`\n== ${bench.name}`)
  const started = performance.now()
  await bench.run((line) => console.log(line))
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`)
}

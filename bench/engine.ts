/**
 * Engine throughput: `relight` on real fixtures resized to 256², 1024² and 2048² RGBA, as the median of
 * timed runs after a warm-up, in milliseconds and megapixels a second, and as a ratio to a baseline pass
 * measured in the same run on the same pixels (read every pixel once, write its inverse into an output
 * buffer): the ratio says how many "touch every pixel" passes the engine costs, whatever the machine.
 */
import { relight } from '../src/engine/index.js'
import type { RelightOptions, RgbaImage } from '../src/engine/types.js'
import { loadFixture, resizeImage } from '../testkit/fixtures.js'

/** Targets on one core: the plugin's live preview must follow the pointer while a designer drags. */
const TARGET_MS: Readonly<Record<number, number>> = { 256: 4, 1024: 40 }
const SIZES = [256, 1024, 2048]
const CASES: readonly { fixture: string; label: string; options: RelightOptions }[] = [
  {
    fixture: 'bottle-alpha.png',
    label: 'bottle cut-out, scene',
    options: { lightSource: 'left', output: 'scene' }
  },
  {
    fixture: 'bottle-alpha.png',
    label: 'bottle cut-out, cutout',
    options: { lightSource: 'left', output: 'cutout' }
  },
  { fixture: 'coffee.png', label: 'coffee photo', options: { lightSource: 'left', output: 'scene' } }
]

export interface EngineRow {
  readonly size: number
  readonly label: string
  readonly medianMs: number
  readonly megapixelsPerSecond: number
  readonly baselineMs: number
  readonly ratio: number
  readonly targetMs?: number
}

/** Reads and writes every pixel once: the floor any per-pixel pass pays. */
function baselinePass(img: RgbaImage, out: Uint8ClampedArray): void {
  const d = img.data
  for (let i = 0; i < d.length; i += 4) {
    out[i] = 255 - d[i]
    out[i + 1] = 255 - d[i + 1]
    out[i + 2] = 255 - d[i + 2]
    out[i + 3] = d[i + 3]
  }
}

function median(run: () => void, warmup: number, runs: number): number {
  for (let i = 0; i < warmup; i++) run()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    run()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(runs / 2)]
}

function runsFor(size: number): { warmup: number; runs: number } {
  return size <= 256
    ? { warmup: 30, runs: 101 }
    : size <= 1024
      ? { warmup: 8, runs: 31 }
      : { warmup: 3, runs: 11 }
}

export async function benchEngine(log: (line: string) => void = console.log): Promise<EngineRow[]> {
  const rows: EngineRow[] = []
  const sources = new Map<string, RgbaImage>()
  for (const c of CASES) if (!sources.has(c.fixture)) sources.set(c.fixture, await loadFixture(c.fixture))

  log(
    `${'size'.padEnd(6)}${'case'.padEnd(26)}${'median ms'.padStart(10)}${'MP/s'.padStart(8)}${'baseline ms'.padStart(13)}${'ratio'.padStart(8)}  target`
  )
  for (const size of SIZES) {
    const { warmup, runs } = runsFor(size)
    for (const c of CASES) {
      const img = await resizeImage(sources.get(c.fixture)!, size, size)
      const scratch = new Uint8ClampedArray(img.data.length)
      const baselineMs = median(() => baselinePass(img, scratch), warmup, runs)
      const medianMs = median(() => void relight(img, c.options), warmup, runs)
      const targetMs = TARGET_MS[size]
      const row: EngineRow = {
        size,
        label: c.label,
        medianMs,
        megapixelsPerSecond: (size * size) / 1e6 / (medianMs / 1000),
        baselineMs,
        ratio: medianMs / baselineMs,
        ...(targetMs !== undefined ? { targetMs } : {})
      }
      rows.push(row)
      const verdict =
        targetMs === undefined ? '-' : `${medianMs <= targetMs ? 'met' : 'MISSED'} (<= ${targetMs} ms)`
      log(
        `${`${size}²`.padEnd(6)}${c.label.padEnd(26)}${medianMs.toFixed(2).padStart(10)}${row.megapixelsPerSecond
          .toFixed(1)
          .padStart(
            8
          )}${baselineMs.toFixed(2).padStart(13)}${`${row.ratio.toFixed(1)}x`.padStart(8)}  ${verdict}`
      )
    }
  }
  return rows
}

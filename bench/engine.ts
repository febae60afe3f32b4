/**
 * Engine throughput: `relight` on real fixtures resized to 256², 1024² and 2048² RGBA, as the median of
 * timed runs after a warm-up, in milliseconds and megapixels a second, and as a ratio to a baseline pass
 * measured in the same run on the same pixels (read every pixel once, write its inverse into an output
 * buffer): the ratio says how many "touch every pixel" passes the engine costs, whatever the machine.
 * The auto subject mask is also timed on its own (the "auto-mask step" row), as part of the photo case.
 */
import { findSubject, relight } from '../src/engine/index.js'
import type { RelightOptions, RgbaImage } from '../src/engine/types.js'
import { loadFixture, resizeImage } from '../testkit/fixtures.js'
import { baselinePass, medians } from './timing.js'

/** Targets, one core: the live preview must follow the pointer, a 1024 px image take tens of ms. */
const TARGET_MS: Readonly<Record<number, number>> = { 256: 4, 1024: 40 }
/** At most this many baseline passes at 1024², whatever the machine. */
const TARGET_RATIO = 8
const SIZES = [256, 1024, 2048]

/** The bottle cut-out flattened onto white: an opaque packshot, as photographers deliver them. */
function onWhite(img: RgbaImage): RgbaImage {
  const data = new Uint8ClampedArray(img.data.length)
  for (let i = 0; i < data.length; i += 4) {
    const a = img.data[i + 3] / 255
    data[i] = 255 + (img.data[i] - 255) * a
    data[i + 1] = 255 + (img.data[i + 1] - 255) * a
    data[i + 2] = 255 + (img.data[i + 2] - 255) * a
    data[i + 3] = 255
  }
  return { width: img.width, height: img.height, data }
}

interface Case {
  readonly fixture: string
  readonly label: string
  readonly options: RelightOptions
  readonly prepare?: (img: RgbaImage) => RgbaImage
  /** Times only the auto subject mask, not the whole relight. */
  readonly maskOnly?: boolean
}

const CASES: readonly Case[] = [
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
  { fixture: 'coffee.png', label: 'coffee photo', options: { lightSource: 'left', output: 'scene' } },
  {
    fixture: 'bottle-alpha.png',
    label: 'bottle photo, auto mask',
    options: { lightSource: 'left', output: 'scene', autoMask: true },
    prepare: onWhite
  },
  {
    fixture: 'bottle-alpha.png',
    label: '  auto-mask step alone',
    options: { lightSource: 'left' },
    prepare: onWhite,
    maskOnly: true
  },
  {
    fixture: 'bottle-alpha.png',
    label: 'bottle photo, auto, cutout',
    options: { lightSource: 'left', output: 'cutout', autoMask: true },
    prepare: onWhite
  },
  {
    fixture: 'coffee.png',
    label: 'coffee photo, auto (none)',
    options: { lightSource: 'left', output: 'scene', autoMask: true }
  }
]

export interface EngineRow {
  readonly size: number
  readonly label: string
  readonly medianMs: number
  /** CPU time of the median run's kind: without the waits for a core on a loaded machine. */
  readonly cpuMs: number
  readonly megapixelsPerSecond: number
  readonly baselineMs: number
  readonly ratio: number
  readonly targetMs?: number
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
    `${'size'.padEnd(6)}${'case'.padEnd(28)}${'median ms'.padStart(10)}${'cpu ms'.padStart(8)}${'MP/s'.padStart(8)}${'baseline ms'.padStart(13)}${'ratio'.padStart(8)}  target`
  )
  for (const size of SIZES) {
    const { warmup, runs } = runsFor(size)
    for (const c of CASES) {
      const resized = await resizeImage(sources.get(c.fixture)!, size, size)
      const img = c.prepare ? c.prepare(resized) : resized
      const scratch = new Uint8ClampedArray(img.data.length)
      const work = c.maskOnly ? () => void findSubject(img) : () => void relight(img, c.options)
      const timed = medians(() => baselinePass(img, scratch), work, warmup, runs)
      const { a: baselineMs, b: medianMs, bCpu: cpuMs } = timed
      const targetMs = c.maskOnly ? undefined : TARGET_MS[size]
      const row: EngineRow = {
        size,
        label: c.label,
        medianMs,
        cpuMs,
        megapixelsPerSecond: (size * size) / 1e6 / (medianMs / 1000),
        baselineMs,
        ratio: medianMs / baselineMs,
        ...(targetMs !== undefined ? { targetMs } : {})
      }
      rows.push(row)
      const ratioTarget = size === 1024 && !c.maskOnly ? TARGET_RATIO : undefined
      const verdict = [
        targetMs === undefined ? '' : `${medianMs <= targetMs ? 'met' : 'MISSED'} (<= ${targetMs} ms)`,
        ratioTarget === undefined ? '' : `${row.ratio <= ratioTarget ? 'met' : 'MISSED'} (<= ${ratioTarget}x)`
      ]
        .filter(Boolean)
        .join(', ')
      log(
        `${`${size}²`.padEnd(6)}${c.label.padEnd(28)}${medianMs.toFixed(2).padStart(10)}${cpuMs.toFixed(2).padStart(8)}${row.megapixelsPerSecond
          .toFixed(1)
          .padStart(
            8
          )}${baselineMs.toFixed(2).padStart(13)}${`${row.ratio.toFixed(1)}x`.padStart(8)}  ${verdict || '-'}`
      )
    }
  }
  return rows
}

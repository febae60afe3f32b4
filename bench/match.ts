/**
 * Matching a subject to a background: `estimateSceneLight` and `matchScene` on the kitchen backdrop
 * resized to 512², 1024² and 2048² with the bottle cut-out standing on it, as the median of timed runs after
 * a warm-up, and as a ratio to a baseline pass timed in the same run, in alternation, on the background's
 * pixels (read every pixel once, write its inverse): how many "touch every pixel" passes matching costs.
 * Two subjects: half the background's side (a product on a scene, as the plugin sends it) and its full side
 * (the subject's own pixels as large as the background's, scaled down to where it stands).
 */
import { estimateSceneLight, matchScene } from '../src/engine/index.js'
import { loadFixture, resizeImage } from '../testkit/fixtures.js'
import { baselinePass, medians } from './timing.js'

const SIZES = [512, 1024, 2048]
/** Past this many baseline passes at 2048², matching is slow for what it does. */
const BUDGET_RATIO = 10

function runsFor(size: number): { warmup: number; runs: number } {
  return size <= 512
    ? { warmup: 10, runs: 31 }
    : size <= 1024
      ? { warmup: 4, runs: 15 }
      : { warmup: 2, runs: 7 }
}

export interface MatchRow {
  readonly size: number
  readonly label: string
  readonly medianMs: number
  readonly baselineMs: number
  readonly ratio: number
}

export async function benchMatch(log: (line: string) => void = console.log): Promise<MatchRow[]> {
  const backdrop = await loadFixture('kitchen-backdrop.png')
  const bottle = await loadFixture('bottle-alpha.png')
  const rows: MatchRow[] = []
  log(
    `${'size'.padEnd(7)}${'case'.padEnd(30)}${'median ms'.padStart(10)}${'baseline ms'.padStart(13)}${'ratio'.padStart(8)}`
  )
  for (const size of SIZES) {
    const background = await resizeImage(backdrop, size, size)
    const half = await resizeImage(bottle, size / 2, size / 2)
    const full = await resizeImage(bottle, size, size)
    const placement = { x: size / 4, y: size * 0.4, width: size / 2, height: size / 2 }
    const cases: readonly [string, () => void][] = [
      ['estimateSceneLight', () => void estimateSceneLight(background, placement)],
      ['matchScene, subject ½ side', () => void matchScene(half, background, { placement })],
      ['matchScene, subject full side', () => void matchScene(full, background, { placement })]
    ]
    const scratch = new Uint8ClampedArray(background.data.length)
    const { warmup, runs } = runsFor(size)
    for (const [label, work] of cases) {
      const timed = medians(() => baselinePass(background, scratch), work, warmup, runs)
      const row = { size, label, medianMs: timed.b, baselineMs: timed.a, ratio: timed.b / timed.a }
      rows.push(row)
      const verdict =
        size === 2048 && label !== 'estimateSceneLight'
          ? `  ${row.ratio <= BUDGET_RATIO ? 'met' : 'OVER'} (<= ${BUDGET_RATIO}x)`
          : ''
      log(
        `${`${size}²`.padEnd(7)}${label.padEnd(30)}${row.medianMs.toFixed(2).padStart(10)}${row.baselineMs.toFixed(2).padStart(13)}${`${row.ratio.toFixed(1)}x`.padStart(8)}${verdict}`
      )
    }
  }
  return rows
}

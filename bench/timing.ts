/** What the per-pixel benches share: the read-write baseline and alternating medians. */
import type { RgbaImage } from '../src/engine/index.js'

/** Reads and writes every pixel once: the floor any per-pixel pass pays. */
export function baselinePass(img: RgbaImage, out: Uint8ClampedArray): void {
  const d = img.data
  for (let i = 0; i < d.length; i += 4) {
    out[i] = 255 - d[i]
    out[i + 1] = 255 - d[i + 1]
    out[i + 2] = 255 - d[i + 2]
    out[i + 3] = d[i + 3]
  }
}

/**
 * Medians of `a` and `b` timed in alternation, run after run, so both see the same load on a shared
 * machine and their ratio holds even when the absolute times do not. Also the median CPU time of `b`
 * (this process on a core, user + system): on a loaded machine wall time includes waiting for a core.
 */
export function medians(
  a: () => void,
  b: () => void,
  warmup: number,
  runs: number
): { a: number; b: number; bCpu: number } {
  for (let i = 0; i < warmup; i++) {
    a()
    b()
  }
  const wall: [number[], number[]] = [[], []]
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    for (const [k, run] of [a, b].entries()) {
      const before = process.cpuUsage()
      const t = performance.now()
      run()
      wall[k].push(performance.now() - t)
      const used = process.cpuUsage(before)
      if (k === 1) cpu.push((used.user + used.system) / 1000)
    }
  }
  const median = (list: number[]): number => list.sort((x, y) => x - y)[Math.floor(runs / 2)]
  return { a: median(wall[0]), b: median(wall[1]), bCpu: median(cpu) }
}

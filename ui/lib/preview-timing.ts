/**
 * User Timing around each live-preview render, so its main-thread cost can be read in any browser's
 * performance tools and by the benchmark: one `measure` entry per render, named PREVIEW_MEASURE.
 */
export const PREVIEW_MEASURE = 'relight-preview'

/** What a render was of, carried in the measure's `detail`. */
export interface PreviewTimingDetail {
  readonly width: number
  readonly height: number
  readonly lightSource: string
  readonly prompt: string
  readonly auto: boolean
}

/** The entries are few bytes each, but a long session must not grow the timeline without bound. */
const KEPT = 500
let recorded = 0

/** Runs `render` and records its main-thread time as one PREVIEW_MEASURE entry. */
export function timedRender<T>(detail: PreviewTimingDetail, render: () => T): T {
  const start = performance.now()
  const result = render()
  if (++recorded > KEPT) {
    performance.clearMeasures(PREVIEW_MEASURE)
    recorded = 1
  }
  performance.measure(PREVIEW_MEASURE, { start, end: performance.now(), detail })
  return result
}

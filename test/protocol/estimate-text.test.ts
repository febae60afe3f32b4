/**
 * The estimate in words (plugin and CLI share them) and the arithmetic behind it: the median of recent
 * runs, the line's turns, the countdown once started, and no number at all below three runs.
 */
import { describe, expect, it } from 'vitest'

import { estimateFor, median, runDuration } from '../../src/gateway/jobs/estimate.js'
import type { JobRecord } from '../../src/gateway/jobs/types.js'
import { formatJobStatus } from '../../src/protocol/format-job-status.js'
import { job } from './job-view.js'

const record = (extra: Partial<JobRecord>): JobRecord => ({
  id: 'j',
  owner: 'local',
  model: 'fal/iclight-v2',
  provider: 'fal',
  params: job('queued').params,
  status: 'queued',
  logs: [],
  images: [],
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
  ...extra
})
const AT = Date.parse('2026-11-30T10:00:10.000Z')
const RUNS = [20_000, 30_000, 10_000, 40_000]

describe('estimates from recent runs', () => {
  it('takes the median, odd or even', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median(RUNS)).toBe(25_000)
    expect(median([])).toBeUndefined()
  })

  it('gives no time below three runs, only the count', () => {
    const estimate = estimateFor(record({}), { durations: [5000, 6000], concurrency: 1, nowMs: AT })
    expect(estimate).toEqual({ samples: 2, samplesNeeded: 3 })
    expect(formatJobStatus(job('queued', { queuePosition: 2, estimate }))).toBe(
      'Queued — 1 ahead · no time estimate yet (needs 1 more finished run)'
    )
  })

  it('in line: the busy slots half done, then a turn per `concurrency` jobs ahead, then its own run', () => {
    const at = (linePosition: number, concurrency: number) =>
      estimateFor(record({}), { durations: RUNS, linePosition, concurrency, nowMs: AT })?.secondsLeft
    expect(at(1, 1)).toBe(38) // 25 s × 1.5 = 37.5, rounded up
    expect(at(3, 1)).toBe(88) // 25 × 3.5
    expect(at(3, 2)).toBe(63) // 25 × 2.5
    expect(
      formatJobStatus(
        job('queued', {
          queuePosition: 3,
          estimate: { samples: 4, samplesNeeded: 3, typicalSeconds: 25, secondsLeft: 88 }
        })
      )
    ).toBe('Queued — 2 ahead · about 1 min')
  })

  it('once started: the median minus the time run so far, then "longer than usual"', () => {
    const started = record({ status: 'running', callStartedAt: '2026-11-30T10:00:00.000Z' })
    const estimate = estimateFor(started, { durations: RUNS, concurrency: 1, nowMs: AT })
    expect(estimate).toEqual({ samples: 4, samplesNeeded: 3, typicalSeconds: 25, secondsLeft: 15 })
    expect(formatJobStatus(job('running', { progress: 0.4, estimate }))).toBe(
      'Relighting… 40% · about 15 s left'
    )
    const late = estimateFor(started, { durations: RUNS, concurrency: 1, nowMs: AT + 60_000 })
    expect(formatJobStatus(job('running', { estimate: late! }))).toBe(
      'Relighting… · taking longer than usual'
    )
  })

  it('leaves running Studio jobs (they report progress) and final jobs without an estimate', () => {
    const input = { durations: RUNS, concurrency: 1, nowMs: AT }
    expect(estimateFor(record({ provider: 'local', status: 'running' }), input)).toBeUndefined()
    expect(estimateFor(record({ provider: 'local' }), { ...input, linePosition: 1 })).toBeDefined()
    expect(estimateFor(record({ status: 'succeeded' }), input)).toBeUndefined()
  })

  it('measures a run from the provider call to the result, and only successful ones', () => {
    const done = { callStartedAt: '2026-11-30T10:00:02.000Z', updatedAt: '2026-11-30T10:00:09.500Z' }
    expect(runDuration(record({ status: 'succeeded', ...done }))).toBe(7500)
    expect(runDuration(record({ status: 'failed', ...done }))).toBeUndefined()
    expect(runDuration(record({ status: 'succeeded' }))).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'

import type { JobView, ModelView } from '../../src/protocol/api.js'
import { MODELS } from '../../src/protocol/catalog.js'
import type { Settings } from '../../src/protocol/events.js'
import { formatJobStatus } from '../../src/protocol/format-job-status.js'
import { buildRelightParams } from '../../ui/lib/build-relight-params.js'
import { hasTransparency } from '../../ui/lib/has-transparency.js'
import { pickModel } from '../../ui/lib/pick-model.js'
import { relightBlocker } from '../../ui/lib/relight-blocker.js'
import { resolveOutput } from '../../ui/lib/resolve-output.js'
import { settleWithLimitAsync } from '../../ui/lib/settle-with-limit-async.js'
import { summarizeJobs } from '../../ui/lib/summarize-jobs.js'

const studio: ModelView = { ...MODELS[0], available: true }
const fal: ModelView = {
  ...MODELS[0],
  id: 'fal/iclight-v2',
  label: 'IC-Light v2',
  maxImages: 2,
  outputs: ['scene'],
  available: false,
  unavailableReason: 'FAL_KEY is not set'
}

function job(status: JobView['status'], extra: Partial<JobView> = {}): JobView {
  return {
    id: 'j',
    status,
    model: 'local/studio',
    createdAt: '',
    updatedAt: '',
    params: {} as JobView['params'],
    images: [],
    ...extra
  }
}

const settings: Settings = {
  gatewayUrl: '',
  token: '',
  model: 'local/studio',
  prompt: '  warm sunset ',
  lightSource: 'left',
  output: 'auto',
  numImages: 4
}

describe('status text', () => {
  it('says how many jobs are ahead in the queue and how far a running job is', () => {
    expect(formatJobStatus(job('queued', { queuePosition: 2 }))).toBe('Queued — 1 ahead')
    expect(formatJobStatus(job('queued', { queuePosition: 1 }))).toBe('Queued — next in line')
    expect(formatJobStatus(job('queued', { queuePosition: 0 }))).toBe('Queued — starting soon')
    expect(formatJobStatus(job('running', { progress: 0.4 }))).toBe('Relighting… 40%')
    expect(formatJobStatus(job('running'))).toBe('Relighting…')
  })

  it('sums up several layers', () => {
    expect(summarizeJobs([job('succeeded'), job('running', { progress: 0.5 })], [true, false])).toEqual({
      statusText: '1 of 2 layers done · Relighting… 50%',
      progress: 0.75
    })
    expect(summarizeJobs([undefined])).toEqual({ statusText: 'Sending to the gateway…', progress: 0 })
  })

  it('counts the time left down by the seconds since the views arrived, then says it is taking longer', () => {
    const estimate = { samples: 5, samplesNeeded: 3, typicalSeconds: 8, secondsLeft: 12 }
    const running = job('running', { progress: 0.4, estimate })
    expect(summarizeJobs([running]).statusText).toBe('Relighting… 40% · about 12 s left')
    expect(summarizeJobs([running], [], 5).statusText).toBe('Relighting… 40% · about 7 s left')
    expect(summarizeJobs([running], [], 30).statusText).toBe('Relighting… 40% · taking longer than usual')
    const counting = job('queued', { queuePosition: 1, estimate: { samples: 1, samplesNeeded: 3 } })
    expect(summarizeJobs([counting], [], 5).statusText).toBe(
      'Queued — next in line · no time estimate yet (needs 2 more finished runs)'
    )
  })

  it('says "Downloading results…", not "Done", until a succeeded job\'s images are placed', () => {
    expect(summarizeJobs([job('succeeded')]).statusText).toBe('Downloading results…')
    expect(summarizeJobs([job('succeeded')]).progress).toBeLessThan(1)
    expect(summarizeJobs([job('succeeded'), job('succeeded')], [true, false]).statusText).toBe(
      '1 of 2 layers done · Downloading results…'
    )
    expect(summarizeJobs([job('failed'), job('succeeded')], [false, true]).statusText).toMatch(
      /^2 of 2 layers done/
    )
    expect(summarizeJobs([job('succeeded')], [true])).toEqual({ statusText: 'Done', progress: 1 })
  })
})

describe('choices', () => {
  it('defaults the output to Cut-out for a layer with transparency, unless the designer chose', () => {
    expect(resolveOutput('auto', true)).toBe('cutout')
    expect(resolveOutput('auto', false)).toBe('scene')
    expect(resolveOutput('scene', true)).toBe('scene')
  })

  it('uses Scene for an opaque layer even when Cut-out was chosen (the two would be the same image)', () => {
    expect(resolveOutput('cutout', false)).toBe('scene')
    expect(resolveOutput('cutout', true)).toBe('cutout')
  })

  it('caps variations at the model maximum and keeps outputs the model supports', () => {
    expect(buildRelightParams(settings, studio, 'cutout')).toEqual({
      model: 'local/studio',
      prompt: 'warm sunset',
      lightSource: 'left',
      output: 'cutout',
      numImages: 4,
      outputFormat: 'png'
    })
    expect(buildRelightParams(settings, { ...fal, available: true }, 'cutout')).toMatchObject({
      output: 'scene',
      numImages: 2
    })
  })

  it('never picks an unavailable model when another one works', () => {
    expect(pickModel([fal, studio], 'fal/iclight-v2', 'fal/iclight-v2')?.id).toBe('local/studio')
    expect(pickModel([fal], 'fal/iclight-v2', 'local/studio')?.id).toBe('fal/iclight-v2')
  })

  it('says why Relight cannot start', () => {
    const ready = { selectionLoaded: true, layerCount: 1, model: studio, prompt: 'warm' }
    expect(relightBlocker(ready)).toBeUndefined()
    expect(relightBlocker({ ...ready, layerCount: 0 })).toBe('Select a layer to relight.')
    expect(relightBlocker({ ...ready, prompt: ' ' })).toMatch(/Describe the light/)
    expect(relightBlocker({ ...ready, model: fal })).toBe("IC-Light v2 can't be used: FAL_KEY is not set.")
  })

  it('says before running when Studio would place an unchanged copy (light None, no word it knows)', () => {
    const none = { selectionLoaded: true, layerCount: 1, model: studio, lightSource: 'none' as const }
    expect(relightBlocker({ ...none, prompt: 'make it pop' })).toMatch(/unchanged copy/)
    expect(relightBlocker({ ...none, prompt: 'make it warm' })).toBeUndefined()
    expect(relightBlocker({ ...none, prompt: 'make it pop', lightSource: 'left' })).toBeUndefined()
  })
})

describe('hasTransparency', () => {
  it('is true as soon as one pixel is not fully opaque', () => {
    const opaque = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255])
    expect(hasTransparency({ width: 2, height: 1, data: opaque })).toBe(false)
    const soft = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 254])
    expect(hasTransparency({ width: 2, height: 1, data: soft })).toBe(true)
  })
})

describe('settleWithLimitAsync', () => {
  it('runs at most `limit` at once and keeps results in order, failures included', async () => {
    let running = 0
    let peak = 0
    const results = await settleWithLimitAsync([1, 2, 3, 4, 5], 2, async (item) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((resolve) => setTimeout(resolve, 5))
      running--
      if (item === 3) throw new Error('three')
      return item * 10
    })
    expect(peak).toBe(2)
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'x'))).toEqual([
      10,
      20,
      'x',
      40,
      50
    ])
  })
})

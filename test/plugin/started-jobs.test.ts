/**
 * Jobs that finished while the plugin was closed: the document remembers which layer each job came from,
 * forgets it once placed, and results whose layer is gone land at the viewport's center.
 */
// insert-results-async imports @create-figma-plugin/utilities, which needs a `figma` when imported.
import '../ui/install-fake-figma.js'

import { beforeEach, describe, expect, it } from 'vitest'

import { insertResultsAsync } from '../../src/plugin/insert-results-async.js'
import {
  forgetStartedJobs,
  readStartedJobs,
  rememberStartedJob,
  STARTED_JOB_MAX_AGE_MS
} from '../../src/plugin/started-jobs.js'
import { createFakeFigma, type FakeFigma, type FakeNode, installFigma, layer, png } from './fake-figma.js'

const PNG = png()
const PARAMS = {
  jobId: 'job-9',
  model: 'local/studio',
  prompt: 'warm',
  lightSource: 'left',
  seed: 1
} as const

let figma: FakeFigma

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
  figma.viewport.center = { x: 1000, y: 500 }
})

describe('started jobs in the document', () => {
  it('remembers jobId → source layer, forgets placed ones, and drops entries older than a week', () => {
    rememberStartedJob('a', '1:2', 1_000)
    rememberStartedJob('b', '1:3', 2_000)
    expect(readStartedJobs(3_000)).toEqual({ a: '1:2', b: '1:3' })
    forgetStartedJobs(['a'], 3_000)
    expect(readStartedJobs(3_000)).toEqual({ b: '1:3' })
    expect(readStartedJobs(2_000 + STARTED_JOB_MAX_AGE_MS)).toEqual({})
  })

  it('ignores unreadable plugin data', () => {
    figma.root.setPluginData('relight-started-jobs', '{not json')
    expect(readStartedJobs()).toEqual({})
  })
})

describe('placing results whose source layer is gone', () => {
  it('places them in a row centered in the viewport, at the result size, selected', async () => {
    const result = await insertResultsAsync({
      sourceId: 'gone:1',
      images: [PNG, PNG],
      params: PARAMS,
      withoutSource: { width: 300, height: 200 }
    })
    if ('error' in result) throw new Error(result.error)
    const nodes = result.nodeIds.map((id) => figma.currentPage.children.find((n) => n.id === id) as FakeNode)
    expect(nodes.map((n) => [n.x, n.y, n.width, n.height])).toEqual([
      [680, 400, 300, 200],
      [1020, 400, 300, 200]
    ])
    expect(JSON.parse(nodes[0]!.getPluginData('relight'))).toMatchObject({ jobId: 'job-9' })
    expect(figma.undoCommits).toBe(1)
  })

  it('still goes beside the source layer when it exists', async () => {
    const bottle = layer('RECTANGLE', 'Bottle', { x: 100, y: 200, width: 300, height: 500 })
    figma.add(figma.currentPage, bottle)
    const result = await insertResultsAsync({
      sourceId: bottle.id,
      images: [PNG],
      params: PARAMS,
      withoutSource: { width: 64, height: 64 }
    })
    if ('error' in result) throw new Error(result.error)
    const node = figma.currentPage.children.find((n) => n.id === result.nodeIds[0]) as FakeNode
    expect([node.x, node.y, node.width]).toEqual([440, 200, 300])
  })
})

/**
 * Where results land with every model, in the playground (real built plugin, real gateway, Chromium, the
 * fake fal, Replicate and Segmind servers speaking their documented APIs on loopback): a photo inside a
 * frame that clips, a photo inside a card instance and a rotated layer each get a visible result — not
 * clipped, in view, the size the source renders at, upright, clear of every other layer — selected, as one
 * undo step, whichever model made it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { LayerInfo } from '../../playground/page/test-hook.js'
import { type FakeFal, startFakeFal } from '../../testkit/fakes/fal.js'
import { type FakeReplicate, startFakeReplicate } from '../../testkit/fakes/replicate.js'
import { type FakeSegmind, startFakeSegmind } from '../../testkit/fakes/segmind.js'
import { FAL_KEY, REPLICATE_TOKEN, SEGMIND_KEY } from '../providers/helpers.js'
import { expectVisibleBeside, layersOf, overlap, relight } from './placement-helpers.js'
import { type Session, usePlayground } from './playground-session.js'

let fal: FakeFal
let replicate: FakeReplicate
let segmind: FakeSegmind
beforeAll(async () => {
  // Finished on the first status poll: the gateway still polls and downloads as it does for real runs.
  ;[fal, replicate, segmind] = await Promise.all([
    startFakeFal({ key: FAL_KEY, queuePolls: 0, progressPolls: 0 }),
    startFakeReplicate({ token: REPLICATE_TOKEN, startingPolls: 0, processingPolls: 0 }),
    startFakeSegmind({ key: SEGMIND_KEY })
  ])
})
afterAll(async () => {
  await Promise.all([fal?.close(), replicate?.close(), segmind?.close()])
})

const { open } = usePlayground('relight-models-placement-', {
  env: () => ({
    FAL_KEY,
    FAL_QUEUE_URL: fal.url,
    REPLICATE_API_TOKEN: REPLICATE_TOKEN,
    REPLICATE_API_URL: replicate.url,
    SEGMIND_API_KEY: SEGMIND_KEY,
    SEGMIND_API_URL: segmind.url
  })
})

/** The Model menu's labels, with how many requests the model's provider has seen so far. */
const MODELS: readonly { id: string; label: string; calls: () => number }[] = [
  { id: 'fal/iclight-v2', label: 'IC-Light v2 (fal.ai)', calls: () => fal.jobs.size },
  { id: 'fal/lcm-sd15-i2i', label: 'Studio + LCM refine (fal.ai)', calls: () => fal.jobs.size },
  { id: 'fal/lora-image-to-image', label: 'IC-Light SD1.5 + LoRAs (fal.ai)', calls: () => fal.jobs.size },
  { id: 'replicate/icl-glob-v1', label: 'IC-Light (Replicate)', calls: () => replicate.predictions.size },
  { id: 'segmind/ic-light', label: 'IC-Light (Segmind)', calls: () => segmind.requests.length },
  { id: 'local/studio', label: 'Studio (built in)', calls: () => 0 }
]

type Checks = (session: Session, source: LayerInfo, result: LayerInfo, before: LayerInfo[]) => void

/** What each placement case adds to the common checks (as placement.test.ts checks them for Studio). */
const LAYERS: readonly { name: string; checks: Checks }[] = [
  {
    name: 'Hero photo',
    checks: (_session, _source, result, before) => {
      const hero = before.find((layer) => layer.name === 'Hero')!
      expect(result.parentId).toBe(hero.parentId)
      expect(overlap(result, hero)).toBe(false)
    }
  },
  {
    name: 'Card photo',
    checks: (_session, _source, result, before) => {
      const card = before.find((layer) => layer.name === 'Card')!
      expect(result.parentId).toBe(card.parentId)
    }
  },
  {
    name: 'Tilted camera',
    checks: (_session, source, result) => {
      expect(source.rotation).toBe(20)
      // The export covers the rotated, shadowed box: wider and taller than the 200 × 150 layer.
      expect(result.width).toBeGreaterThan(200)
      expect(result.height).toBeGreaterThan(150)
    }
  }
]

const CASES = MODELS.flatMap((model) => LAYERS.map((layer) => ({ model, layer })))

describe('playground: every model places its result where it stays visible', () => {
  it.each(CASES)(
    '$model.id relights "$layer.name"',
    async ({ model, layer }) => {
      const session = await open()
      const untouched = (layers: LayerInfo[]) =>
        layers.filter((other) => ['Hero', 'Card', 'Media'].includes(other.name))
      const before = await layersOf(session.page)
      const callsBefore = model.calls()
      const { source, result, undo } = await relight(session, layer.name, {
        model: model.label
      })
      // The run went to the model's provider, not to Studio.
      if (model.id !== 'local/studio') expect(model.calls()).toBeGreaterThan(callsBefore)
      expect((JSON.parse(result.pluginData.relight ?? '{}') as { model?: string }).model).toBe(model.id)
      // The clipping frame and the card instance stay as they were.
      expect(untouched(await layersOf(session.page))).toEqual(untouched(before))
      layer.checks(session, source, result, before)
      expect(undo).toBe(1)
      await expectVisibleBeside(session, source, result)
    },
    120_000
  )
})

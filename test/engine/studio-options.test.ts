import { describe, expect, it } from 'vitest'

import { relight, SOURCE_AZIMUTH, studioOptions } from '../../src/engine/index.js'
import { DEFAULTS } from '../../src/engine/light.js'
import { findModel } from '../../src/protocol/catalog.js'
import type { RelightParams } from '../../src/protocol/request.js'
import { parseRelightParams } from '../../src/protocol/request.js'
import { loadFixture } from '../../testkit/fixtures.js'

function params(input: Record<string, unknown>): RelightParams {
  const parsed = parseRelightParams({ model: 'local/studio', prompt: 'studio light', ...input })
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.params
}

describe('studioOptions', () => {
  it('maps the catalog options, the output and the mask onto engine options', () => {
    const mask = new Uint8Array(4)
    const p = params({
      lightSource: 'left',
      output: 'cutout',
      options: { intensity: 1.5, ambient: 0.2, specular: 0.7, rim: 0.1, shadow: 0.9, elevation: 45 }
    })
    const o = studioOptions(p, 0, mask)
    expect(o).toMatchObject({ lightSource: 'left', output: 'cutout', ambient: 0.2, specular: 0.7, rim: 0.1 })
    expect(o.shadow).toBe(0.9)
    expect(o.elevation).toBe(45)
    expect(o.intensity).toBeCloseTo(1.5)
    expect(o.mask).toBe(mask)
    expect(o.azimuth).toBeUndefined()
  })

  it('an azimuth option overrides the light source', () => {
    expect(studioOptions(params({ lightSource: 'left', options: { azimuth: 45 } })).azimuth).toBe(45)
    expect(studioOptions(params({ lightSource: 'none', options: { azimuth: -90 } })).azimuth).toBe(-90)
  })

  it('takes the light color and strength from the prompt', () => {
    const o = studioOptions(
      params({ prompt: 'warm candlelight, dim', lightSource: 'top', options: { intensity: 2 } })
    )
    expect(o.color![0]).toBeGreaterThan(o.color![2])
    expect(o.intensity).toBeLessThan(2)
    const neon = studioOptions(params({ prompt: 'neon', lightSource: 'top', options: { ambient: 0.3 } }))
    expect(neon.fill).toEqual([expect.any(Number), expect.any(Number), expect.any(Number)])
    expect(neon.ambient).toBeGreaterThan(0.3)
  })

  it('variation 0 is the base light; 1, 2 and 3 nudge it differently and deterministically', () => {
    const p = params({ lightSource: 'right' })
    const base = studioOptions(p, 0)
    expect(base.azimuth).toBeUndefined()
    const lights = [1, 2, 3].map((v) => studioOptions(p, v))
    const keys = lights.map((o) => `${o.azimuth}/${o.elevation}`)
    expect(new Set(keys).size).toBe(3)
    for (const o of lights) {
      expect(Math.abs((o.azimuth ?? SOURCE_AZIMUTH.right) - SOURCE_AZIMUTH.right)).toBeLessThanOrEqual(20)
      expect(o.elevation).toBeGreaterThanOrEqual(0)
      expect(o.elevation).toBeLessThanOrEqual(90)
    }
    expect(studioOptions(p, 2)).toEqual(studioOptions(p, 2))
  })

  it('variations give different images that still come from the same side', async () => {
    const img = await loadFixture('camera-alpha.png')
    const p = params({ lightSource: 'left' })
    const images = [0, 1, 2, 3].map((v) => Buffer.from(relight(img, studioOptions(p, v)).data))
    for (let a = 0; a < images.length; a++) {
      for (let b = a + 1; b < images.length; b++) expect(images[a].equals(images[b])).toBe(false)
    }
  })

  it('with no direction (none, no azimuth) there is nothing to nudge: variations are equal', () => {
    const p = params({ lightSource: 'none' })
    expect(studioOptions(p, 3)).toEqual(studioOptions(p, 0))
  })

  it('the engine defaults are the local/studio catalog defaults', () => {
    const options = findModel('local/studio')!.options
    for (const name of ['intensity', 'ambient', 'specular', 'rim', 'shadow', 'elevation'] as const) {
      expect(options[name]?.default).toBe(DEFAULTS[name])
    }
    expect(options.azimuth?.default).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'

import { relight, SOURCE_AZIMUTH, studioOptions } from '../../src/engine/index.js'
import { DEFAULTS } from '../../src/engine/light.js'
import { findModel } from '../../src/protocol/catalog.js'
import type { RelightParams } from '../../src/protocol/request.js'
import { parseRelightParams } from '../../src/protocol/request.js'
import { loadFixture } from '../../testkit/fixtures.js'
import { BACKDROPS, flatten } from '../../testkit/subject-fixtures.js'
import { neutralDisc } from '../helpers/scenes.js'
import { psnr, redBlueRatio } from './stats.js'

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

  it('a lightColor option replaces the prompt colour of the key light; temperature still shifts it', () => {
    const words = studioOptions(params({ prompt: 'warm candlelight', lightSource: 'top' }))
    const chosen = studioOptions(
      params({ prompt: 'warm candlelight', lightSource: 'top', options: { lightColor: '#60a0ff' } })
    )
    expect(words.color![0]).toBeGreaterThan(words.color![2])
    expect(chosen.color![2]).toBeGreaterThan(chosen.color![0])
    const disc = neutralDisc()
    const cool = relight(disc, chosen)
    const warmer = relight(disc, { ...chosen, temperature: -1 })
    expect(redBlueRatio(cool)).toBeLessThan(1)
    expect(redBlueRatio(warmer)).toBeGreaterThan(redBlueRatio(cool))
    expect(studioOptions(params({ lightSource: 'top' })).color).not.toEqual(chosen.color)
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
    const names = [
      'intensity',
      'ambient',
      'specular',
      'rim',
      'shadow',
      'elevation',
      'strength',
      'temperature'
    ] as const
    for (const name of names) {
      expect(options[name]?.default).toBe(DEFAULTS[name])
    }
    expect(options.azimuth?.default).toBeNull()
  })

  it('variations differ visibly: every two of four differ by at least 3 % of the range on average', async () => {
    const images = {
      packshot: flatten(await loadFixture('bottle-alpha.png'), BACKDROPS[0]).photo,
      cutout: await loadFixture('camera-alpha.png'),
      photo: await loadFixture('coffee.png')
    }
    const p = params({ lightSource: 'left', maskMode: 'auto' })
    for (const img of Object.values(images)) {
      const outs = [0, 1, 2, 3].map((v) => relight(img, studioOptions(p, v)).data)
      for (let a = 0; a < 4; a++) {
        for (let b = a + 1; b < 4; b++) {
          let sum = 0
          for (let i = 0; i < outs[a].length; i++) if ((i & 3) !== 3) sum += Math.abs(outs[a][i] - outs[b][i])
          expect(sum / ((outs[a].length * 3) / 4) / 255).toBeGreaterThanOrEqual(0.03)
        }
      }
    }
  })
})

describe('light controls', () => {
  it('strength 0 keeps the image, 1 relights fully, 0.5 lands between', async () => {
    const img = await loadFixture('coffee.png')
    const lit = (strength: number) => relight(img, { lightSource: 'left', strength })
    expect(psnr(lit(0), img)).toBeGreaterThanOrEqual(45)
    const full = psnr(lit(1), img)
    const half = psnr(lit(0.5), img)
    expect(half).toBeGreaterThan(full + 3)
    expect(half).toBeLessThan(45)
  })

  it('temperature -1 warms the light and 1 cools it, through the catalog option', async () => {
    const img = await loadFixture('bottle-alpha.png')
    const ratio = (temperature: number) =>
      redBlueRatio(relight(img, studioOptions(params({ lightSource: 'top', options: { temperature } }))))
    expect(ratio(-1)).toBeGreaterThan(ratio(0) * 1.1)
    expect(ratio(1)).toBeLessThan(ratio(0) / 1.05)
  })

  it('an azimuth between the sides (45 degrees) brightens the top right; one outside -180..180 is refused in words', async () => {
    const img = await loadFixture('coffee.png')
    const out = relight(img, studioOptions(params({ lightSource: 'left', options: { azimuth: 45 } })))
    const corner = (im: typeof img, right: boolean, top: boolean) => {
      let sum = 0
      for (let y = top ? 0 : im.height >> 1; y < (top ? im.height >> 1 : im.height); y++) {
        for (let x = right ? im.width >> 1 : 0; x < (right ? im.width : im.width >> 1); x++) {
          sum += im.data[(y * im.width + x) * 4 + 1]
        }
      }
      return sum
    }
    const gain = (right: boolean, top: boolean) => corner(out, right, top) / corner(img, right, top)
    expect(gain(true, true)).toBeGreaterThan(gain(false, false) * 1.2)
    const refused = parseRelightParams({ model: 'local/studio', prompt: 'x', options: { azimuth: 225 } })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.message).toMatch(/between -180 and 180/)
  })

  it('strength and temperature are validated like the other options', () => {
    for (const options of [
      { strength: 1.5 },
      { strength: -0.1 },
      { temperature: 2 },
      { temperature: 'warm' }
    ]) {
      const parsed = parseRelightParams({ model: 'local/studio', prompt: 'x', options })
      expect(parsed.ok).toBe(false)
      if (!parsed.ok) expect(parsed.error.field).toBe(`options.${Object.keys(options)[0]}`)
    }
  })
})

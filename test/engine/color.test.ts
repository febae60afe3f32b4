import { describe, expect, it } from 'vitest'

import { lightFromPrompt, relight } from '../../src/engine/index.js'
import type { RelightOptions, RgbaImage } from '../../src/engine/types.js'
import { loadFixture } from '../../testkit/fixtures.js'
import { redBlueRatio } from './stats.js'

const FIXTURES = ['astronaut.png', 'bottle-alpha.png', 'glass-alpha.png']
const images = new Map<string, RgbaImage>()

// Loaded before any test is collected: a missing fixture fails the file, it never skips its tests.
for (const name of FIXTURES) images.set(name, await loadFixture(name))

function lit(img: RgbaImage, prompt: string): RgbaImage {
  const light = lightFromPrompt(prompt)
  const options: RelightOptions = {
    lightSource: 'left',
    output: 'cutout',
    color: light.color,
    intensity: light.intensity,
    ...(light.fill ? { fill: light.fill } : {}),
    ...(light.softness !== undefined ? { softness: light.softness } : {})
  }
  return relight(img, options)
}

describe('light color from the prompt', () => {
  for (const name of FIXTURES) {
    for (const prompt of ['warm', 'golden hour', 'candlelight', 'warm sunset', 'tungsten lamp']) {
      it(`${name}: "${prompt}" raises the red/blue ratio`, () => {
        const img = images.get(name)!
        expect(redBlueRatio(lit(img, prompt))).toBeGreaterThan(redBlueRatio(lit(img, '')) * 1.05)
        expect(redBlueRatio(lit(img, prompt))).toBeGreaterThan(redBlueRatio(img))
      })
    }
    for (const prompt of ['cool', 'moonlight', 'blue hour', 'overcast']) {
      it(`${name}: "${prompt}" lowers the red/blue ratio`, () => {
        const img = images.get(name)!
        expect(redBlueRatio(lit(img, prompt))).toBeLessThan(redBlueRatio(lit(img, '')) * 0.98)
        expect(redBlueRatio(lit(img, prompt))).toBeLessThan(redBlueRatio(img))
      })
    }
  }

  it('a color word without a direction still tints (lightSource none + "warm" raises red/blue)', () => {
    const img = images.get('astronaut.png')!
    const light = lightFromPrompt('warm')
    const out = relight(img, { lightSource: 'none', color: light.color, intensity: light.intensity })
    expect(redBlueRatio(out)).toBeGreaterThan(redBlueRatio(img) * 1.05)
  })
})

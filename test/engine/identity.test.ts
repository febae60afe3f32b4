import { describe, expect, it } from 'vitest'

import { lightFromPrompt, relight, studioOptions } from '../../src/engine/index.js'
import { parseRelightParams } from '../../src/protocol/request.js'
import { loadFixture } from '../../testkit/fixtures.js'
import { alphaChannel, psnr } from './stats.js'

const ALL = [
  'astronaut.png',
  'coffee.png',
  'chelsea.png',
  'bottle-alpha.png',
  'glass-alpha.png',
  'camera-alpha.png',
  'guitar-alpha.png',
  'logo.png',
  'rocket.jpg'
]

describe('identity: lightSource none with no color words', () => {
  for (const name of ALL) {
    for (const output of ['scene', 'cutout'] as const) {
      it(`${name} (${output}): PSNR against the input is at least 45 dB`, async () => {
        const img = await loadFixture(name)
        const light = lightFromPrompt('a product on a table')
        const out = relight(img, {
          lightSource: 'none',
          output,
          color: light.color,
          intensity: light.intensity
        })
        expect(psnr(out, img)).toBeGreaterThanOrEqual(45)
      })
    }
  }

  it('through the catalog defaults (studioOptions of a validated request) it is still the identity', async () => {
    const img = await loadFixture('bottle-alpha.png')
    const parsed = parseRelightParams({ model: 'local/studio', prompt: 'a bottle', lightSource: 'none' })
    if (!parsed.ok) throw new Error(parsed.error.message)
    const out = relight(img, studioOptions(parsed.params))
    expect(psnr(out, img)).toBeGreaterThanOrEqual(45)
    expect(alphaChannel(out)).toEqual(alphaChannel(img))
  })
})

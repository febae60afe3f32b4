import { describe, expect, it } from 'vitest'

import { relight } from '../../src/engine/index.js'
import type { RgbaImage } from '../../src/engine/types.js'
import { loadFixture } from '../../testkit/fixtures.js'
import { meanLuma, type Side } from './stats.js'

const OPPOSITE: Record<Side, Side> = { left: 'right', right: 'left', top: 'bottom', bottom: 'top' }
const PHOTOS = ['coffee.png', 'astronaut.png', 'chelsea.png']
const CUTOUTS = ['bottle-alpha.png', 'camera-alpha.png', 'glass-alpha.png', 'guitar-alpha.png']
const images = new Map<string, RgbaImage>()

// Loaded before any test is collected: a missing fixture fails the file, it never skips its tests.
for (const name of [...PHOTOS, ...CUTOUTS]) images.set(name, await loadFixture(name))

describe('light direction', () => {
  for (const name of [...PHOTOS, ...CUTOUTS]) {
    for (const source of ['left', 'right', 'top', 'bottom'] as const) {
      it(`${name}: light from the ${source} brightens the ${source} third and darkens the ${OPPOSITE[source]} third`, () => {
        const input = images.get(name)!
        const output = relight(input, { lightSource: source, output: 'cutout' })
        const far = OPPOSITE[source]
        expect(meanLuma(output, source, input)).toBeGreaterThan(meanLuma(input, source) + 1)
        expect(meanLuma(output, far, input)).toBeLessThan(meanLuma(input, far) - 1)
      })
    }
  }

  it('an azimuth override wins over the light source (azimuth 0 lights the right side)', () => {
    const input = images.get('coffee.png')!
    const output = relight(input, { lightSource: 'left', azimuth: 0 })
    expect(meanLuma(output, 'right')).toBeGreaterThan(meanLuma(input, 'right'))
    expect(meanLuma(output, 'left')).toBeLessThan(meanLuma(input, 'left'))
  })
})

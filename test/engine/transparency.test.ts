import { describe, expect, it } from 'vitest'

import { relight } from '../../src/engine/index.js'
import type { RgbaImage } from '../../src/engine/types.js'
import { loadFixture } from '../../testkit/fixtures.js'
import { alphaChannel, meanLuma } from './stats.js'

const CUTOUTS = ['bottle-alpha.png', 'glass-alpha.png', 'camera-alpha.png', 'guitar-alpha.png']
const images = new Map<string, RgbaImage>()

// Loaded before any test is collected: a missing fixture fails the file, it never skips its tests.
for (const name of CUTOUTS) images.set(name, await loadFixture(name))

/** The same image with every fully transparent pixel's hidden color replaced. */
function withHiddenColor(img: RgbaImage, rgb: readonly [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(img.data)
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) {
      data[i] = rgb[0]
      data[i + 1] = rgb[1]
      data[i + 2] = rgb[2]
    }
  }
  return { width: img.width, height: img.height, data }
}

describe('cut-outs and transparency', () => {
  for (const name of CUTOUTS) {
    for (const source of ['left', 'right', 'top', 'bottom'] as const) {
      it(`${name}: cutout output keeps the alpha channel byte-identical (light from the ${source})`, () => {
        const img = images.get(name)!
        const out = relight(img, { lightSource: source, output: 'cutout', rim: 1, specular: 1 })
        expect(Buffer.from(alphaChannel(out)).equals(Buffer.from(alphaChannel(img)))).toBe(true)
      })
    }

    it(`${name}: colors hidden under transparent pixels never reach visible ones (no fringe), both outputs`, () => {
      const img = images.get(name)!
      const black = withHiddenColor(img, [0, 0, 0])
      const white = withHiddenColor(img, [255, 255, 255])
      for (const output of ['cutout', 'scene'] as const) {
        const a = relight(black, { lightSource: 'left', output })
        const b = relight(white, { lightSource: 'left', output })
        for (let i = 0; i < img.data.length; i += 4) {
          if (img.data[i + 3] === 0 && output === 'cutout') continue
          if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) {
            throw new Error(`${output}: pixel ${i / 4} (alpha ${img.data[i + 3]}) depends on hidden colors`)
          }
        }
      }
    })

    it(`${name}: scene output is opaque and lights the backdrop from the light's side`, () => {
      const img = images.get(name)!
      const out = relight(img, { lightSource: 'left', output: 'scene' })
      expect(new Set(alphaChannel(out))).toEqual(new Set([255]))
      // Backdrop pixels only: weight by how transparent the input was.
      const inverse = { ...img, data: img.data.map((v, i) => (i % 4 === 3 ? 255 - v : v)) }
      expect(meanLuma(out, 'left', inverse)).toBeGreaterThan(meanLuma(out, 'right', inverse) + 10)
    })
  }

  it('glass: its semi-transparent body is lit (left light brightens the left side of the glass)', () => {
    const img = images.get('glass-alpha.png')!
    const out = relight(img, { lightSource: 'left', output: 'cutout' })
    let before = 0
    let after = 0
    let n = 0
    for (let i = 0; i < img.data.length; i += 4) {
      const x = (i / 4) % img.width
      const a = img.data[i + 3]
      if (a > 20 && a < 128 && x < img.width / 3) {
        before += img.data[i]
        after += out.data[i]
        n++
      }
    }
    expect(n).toBeGreaterThan(1000)
    expect(after / n).toBeGreaterThan(before / n + 2)
  })

  it('scene output casts a contact shadow away from the light', () => {
    // A gray disc in the middle of a transparent square: compare the backdrop just right and just left of it.
    const size = 200
    const data = new Uint8ClampedArray(size * size * 4)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const i = (y * size + x) * 4
        data.set([128, 128, 128, Math.hypot(x - 100, y - 100) < 40 ? 255 : 0], i)
      }
    }
    const img = { width: size, height: size, data }
    const withShadow = relight(img, { lightSource: 'left', output: 'scene', shadow: 1 })
    const without = relight(img, { lightSource: 'left', output: 'scene', shadow: 0 })
    const at = (im: RgbaImage, x: number, y: number): number => im.data[(y * size + x) * 4 + 1]
    // Right of the disc (away from the light) the shadow darkens the wall; far left it does not.
    expect(at(withShadow, 146, 100)).toBeLessThan(at(without, 146, 100) - 10)
    expect(Math.abs(at(withShadow, 5, 100) - at(without, 5, 100))).toBeLessThanOrEqual(2)
  })
})

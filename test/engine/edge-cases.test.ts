import { describe, expect, it } from 'vitest'

import { relight } from '../../src/engine/index.js'
import { loadFixture } from '../../testkit/fixtures.js'
import { alphaChannel, meanLuma, synthetic } from './stats.js'

describe('edge cases', () => {
  it('same input and options give identical bytes, and the input is left untouched', async () => {
    const img = await loadFixture('bottle-alpha.png')
    const before = Buffer.from(img.data)
    for (const output of ['scene', 'cutout'] as const) {
      const options = { lightSource: 'left', output, color: [1.4, 0.9, 0.6], intensity: 1.2 } as const
      const a = relight(img, options)
      const b = relight(img, options)
      expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true)
    }
    expect(Buffer.from(img.data).equals(before)).toBe(true)
  })

  it('a 1 x 1 image relights in both outputs, opaque and transparent', () => {
    for (const alpha of [255, 0, 128]) {
      const img = synthetic(1, 1, () => [100, 150, 200, alpha])
      for (const output of ['scene', 'cutout'] as const) {
        const out = relight(img, { lightSource: 'top', output })
        expect(out.width).toBe(1)
        expect(out.height).toBe(1)
        expect(out.data.length).toBe(4)
        if (output === 'cutout') expect(out.data[3]).toBe(alpha)
      }
    }
  })

  it('a fully transparent image: cutout stays fully transparent, scene is the lit backdrop alone', () => {
    const img = synthetic(64, 48, () => [0, 0, 0, 0])
    const cutout = relight(img, { lightSource: 'left', output: 'cutout' })
    expect(new Set(alphaChannel(cutout))).toEqual(new Set([0]))
    const scene = relight(img, { lightSource: 'left', output: 'scene' })
    expect(new Set(alphaChannel(scene))).toEqual(new Set([255]))
    expect(meanLuma(scene, 'left')).toBeGreaterThan(meanLuma(scene, 'right'))
  })

  it('a fully opaque image: scene and cutout are the same relit image, alpha stays 255', () => {
    const img = synthetic(80, 60, (x, y) => [120 + (x % 7), 110 + (y % 5), 100, 255])
    const scene = relight(img, { lightSource: 'right', output: 'scene' })
    const cutout = relight(img, { lightSource: 'right', output: 'cutout' })
    expect(Buffer.from(scene.data).equals(Buffer.from(cutout.data))).toBe(true)
    expect(new Set(alphaChannel(scene))).toEqual(new Set([255]))
    expect(meanLuma(scene, 'right')).toBeGreaterThan(meanLuma(img, 'right'))
  })

  it('an empty (0 x 0) image returns an empty image', () => {
    const out = relight({ width: 0, height: 0, data: new Uint8ClampedArray(0) }, { lightSource: 'left' })
    expect(out.data.length).toBe(0)
  })

  it('rejects data whose length does not match the size, and a mask of the wrong size', () => {
    expect(() =>
      relight({ width: 2, height: 2, data: new Uint8ClampedArray(12) }, { lightSource: 'left' })
    ).toThrow(RangeError)
    const img = synthetic(4, 4, () => [1, 2, 3, 255])
    expect(() => relight(img, { lightSource: 'left', mask: new Uint8Array(3) })).toThrow(RangeError)
  })

  it('a mask shapes the subject of an opaque image without changing its alpha', () => {
    const img = synthetic(120, 120, () => [128, 128, 128, 255])
    const mask = new Uint8Array(120 * 120)
    for (let y = 30; y < 90; y++) for (let x = 30; x < 90; x++) mask[y * 120 + x] = 255
    const withMask = relight(img, { lightSource: 'left', mask })
    const without = relight(img, { lightSource: 'left' })
    expect(new Set(alphaChannel(withMask))).toEqual(new Set([255]))
    expect(Buffer.from(withMask.data).equals(Buffer.from(without.data))).toBe(false)
  })

  it('4096 x 4096 relights within the stated memory bound (output + at most 16 MB of scratch)', () => {
    const size = 4096
    const img = synthetic(size, size, (x, y) => {
      const inside = Math.hypot(x - 2048, y - 2048) < 1500
      return [180, 120, 90, inside ? 255 : 0]
    })
    global.gc?.()
    const before = process.memoryUsage().arrayBuffers
    const out = relight(img, { lightSource: 'left', output: 'cutout' })
    const grown = process.memoryUsage().arrayBuffers - before
    expect(out.width).toBe(size)
    expect(out.data.length).toBe(size * size * 4)
    // Whatever garbage is still around, retained typed memory beyond the output stays small.
    expect(grown).toBeLessThan(size * size * 4 + 16 * 1024 * 1024)
    expect(meanLuma(out, 'left', img)).toBeGreaterThan(meanLuma(img, 'left'))
    expect(Buffer.from(alphaChannel(out)).equals(Buffer.from(alphaChannel(img)))).toBe(true)
  })
})

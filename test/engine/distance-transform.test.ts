import { describe, expect, it } from 'vitest'

import { squaredDistanceTransform } from '../../src/engine/distance-transform.js'

/** Deterministic pseudo-random numbers (LCG), so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

function bruteForce(
  mask: Uint8Array,
  width: number,
  height: number,
  isFeature: (v: number) => boolean
): number[] {
  const out: number[] = []
  for (let i = 0; i < width * height; i++) {
    let best = Infinity
    for (let j = 0; j < width * height; j++) {
      if (!isFeature(mask[j])) continue
      const dx = (i % width) - (j % width)
      const dy = Math.floor(i / width) - Math.floor(j / width)
      best = Math.min(best, dx * dx + dy * dy)
    }
    out.push(best)
  }
  return out
}

describe('squaredDistanceTransform (Felzenszwalb-Huttenlocher)', () => {
  it('matches brute force on 400 small random masks, distance to background and to subject', () => {
    const rnd = random(42)
    for (let t = 0; t < 400; t++) {
      const width = 1 + Math.floor(rnd() * 24)
      const height = 1 + Math.floor(rnd() * 24)
      const density = rnd()
      const mask = new Uint8Array(width * height).map(() => (rnd() < density ? 255 : 0))
      const toBackground = squaredDistanceTransform(mask, width, height, 128, true)
      expect(Array.from(toBackground)).toEqual(bruteForce(mask, width, height, (v) => v < 128))
      const toSubject = squaredDistanceTransform(mask, width, height, 128, false)
      expect(Array.from(toSubject)).toEqual(bruteForce(mask, width, height, (v) => v >= 128))
    }
  })

  it('gives 0 on features and Infinity everywhere when there is no feature', () => {
    const all = new Uint8Array(12).fill(255)
    expect(Array.from(squaredDistanceTransform(all, 4, 3, 128, false))).toEqual(new Array(12).fill(0))
    expect(Array.from(squaredDistanceTransform(all, 4, 3, 128, true))).toEqual(new Array(12).fill(Infinity))
  })

  it('is exact on a single feature in a larger grid (the distances are squared Euclidean)', () => {
    const mask = new Uint8Array(101 * 80).fill(255)
    mask[40 * 101 + 50] = 0
    const d = squaredDistanceTransform(mask, 101, 80, 1, true)
    expect(d[40 * 101 + 50]).toBe(0)
    expect(d[0]).toBe(50 * 50 + 40 * 40)
    expect(d[79 * 101 + 100]).toBe(50 * 50 + 39 * 39)
  })
})

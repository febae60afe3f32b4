/** Filling the transparent parts of a scene from the colours around them (a subject's hole in its frame). */
import { describe, expect, it } from 'vitest'

import { fillTransparent, type RgbaImage } from '../../src/engine/index.js'
import { warmScene } from '../helpers/scenes.js'

/** `scene` with a transparent disc punched at (cx, cy); the RGB under it keeps a bright magenta subject. */
function withHole(scene: RgbaImage, cx: number, cy: number, radius: number): RgbaImage {
  const data = new Uint8ClampedArray(scene.data)
  for (let y = 0; y < scene.height; y++) {
    for (let x = 0; x < scene.width; x++) {
      if (Math.hypot(x - cx, y - cy) >= radius) continue
      data.set([255, 0, 255, 0], (y * scene.width + x) * 4)
    }
  }
  return { width: scene.width, height: scene.height, data }
}

const pixel = (img: RgbaImage, x: number, y: number) => [
  ...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)
]

describe('fillTransparent', () => {
  it('fills a hole with the scene around it: opaque, close to the gradient at that column, nothing of the hidden colour', () => {
    const scene = warmScene('left', 320, 200)
    const filled = fillTransparent(withHole(scene, 160, 100, 40))
    expect(filled.data.every((value, i) => i % 4 !== 3 || value === 255)).toBe(true)
    for (const [x, y] of [
      [160, 100],
      [135, 100],
      [185, 100],
      [160, 70]
    ] as const) {
      const got = pixel(filled, x, y)
      const truth = pixel(scene, x, y)
      for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - truth[c]!)).toBeLessThan(14)
    }
    // Brighter toward the lit side inside the hole, as the scene is.
    expect(pixel(filled, 130, 100)[0]!).toBeGreaterThan(pixel(filled, 190, 100)[0]!)
    // Outside the hole the scene is untouched.
    expect(pixel(filled, 20, 20)).toEqual(pixel(scene, 20, 20))
    expect(pixel(filled, 300, 180)).toEqual(pixel(scene, 300, 180))
  })

  it('a partly transparent pixel keeps its share of its own colour', () => {
    const scene = warmScene('left', 64, 64)
    const data = new Uint8ClampedArray(scene.data)
    const i = (32 * 64 + 32) * 4
    data.set([0, 0, 255, 128], i)
    const filled = fillTransparent({ ...scene, data })
    const around = pixel(scene, 32, 32)
    // Half blue, half the warm scene around it.
    expect(filled.data[i + 2]).toBeGreaterThan(around[2]! + 50)
    expect(Math.abs(filled.data[i]! - around[0]! / 2)).toBeLessThan(10)
  })

  it('returns an opaque image as it is, and a wholly transparent one as neutral gray', () => {
    const scene = warmScene('right', 40, 30)
    expect(fillTransparent(scene)).toBe(scene)
    const empty = { width: 5, height: 3, data: new Uint8ClampedArray(5 * 3 * 4) }
    const gray = fillTransparent(empty)
    expect([...gray.data.subarray(0, 4)]).toEqual([127, 127, 127, 255])
    expect(new Set(gray.data).size).toBe(2)
  })
})

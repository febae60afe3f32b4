import { describe, expect, it } from 'vitest'

import type { RgbaImage } from '../../src/engine/index.js'
import type { SceneSelection } from '../../src/protocol/events.js'
import type { LayerView } from '../../ui/hooks/use-selection.js'
import { sceneLightOf } from '../../ui/lib/scene-light-of.js'
import { withoutSubject } from '../../ui/lib/without-subject.js'
import { warmScene } from '../helpers/scenes.js'

function filled(width: number, height: number, pixel: (x: number, y: number) => number[]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4)
  return { width, height, data }
}

const alphaAt = (image: RgbaImage, x: number, y: number): number => image.data[(y * image.width + x) * 4 + 3]!

describe('a frame with the subject standing in it taken out', () => {
  it('clears the frame where the subject is opaque, keeps it where the subject is clear, halves it at half', () => {
    const frame = filled(100, 50, () => [200, 180, 150, 255])
    // The subject's left half opaque, its right half clear, its bottom row half transparent.
    const subject = filled(20, 10, (x, y) => [255, 255, 255, y === 9 ? 128 : x < 10 ? 255 : 0])
    const cut = withoutSubject(frame, subject, { x: 0.4, y: 0.2, width: 0.2, height: 0.2 })
    expect(alphaAt(cut, 42, 12)).toBe(0)
    expect(alphaAt(cut, 55, 12)).toBe(255)
    expect(alphaAt(cut, 45, 19)).toBeGreaterThan(110)
    expect(alphaAt(cut, 45, 19)).toBeLessThan(145)
    // Outside the subject's place nothing changes, and the frame's own pixels are left as they were.
    expect(alphaAt(cut, 10, 10)).toBe(255)
    expect(alphaAt(frame, 42, 12)).toBe(255)
  })

  it("the form reads the light around the subject, not the subject's own: a white product on the dark side", () => {
    const scene = warmScene('left')
    const placement = { x: 0.7, y: 0.3, width: 0.25, height: 0.5 }
    const white = filled(40, 50, () => [255, 255, 255, 255])
    // The frame's thumbnail shows the white product standing on its dark right side.
    const thumbnail = filled(scene.width, scene.height, (x, y) => {
      const inside = x >= 224 && x < 304 && y >= 60 && y < 160
      const i = (y * scene.width + x) * 4
      return inside ? [255, 255, 255, 255] : [...scene.data.subarray(i, i + 4)]
    })
    const base: SceneSelection = {
      chosen: false,
      subjectId: 's',
      subjectName: 'Perfume',
      backgroundId: 'f',
      backgroundName: 'Dusk',
      placement
    }
    const layers: LayerView[] = [
      { id: 's', name: 'Perfume', width: 40, height: 50, pixels: white, hasTransparency: false } as LayerView
    ]
    const within = sceneLightOf({ ...base, within: true }, layers, {}, thumbnail)!
    const asIs = sceneLightOf(base, layers, {}, thumbnail)!
    // Taken out, the scene is lit from the left; left in, the white product reads as a light on the right.
    expect(Math.abs(within.azimuth)).toBeGreaterThan(150)
    expect(Math.abs(asIs.azimuth - within.azimuth)).toBeGreaterThan(20)
  })
})

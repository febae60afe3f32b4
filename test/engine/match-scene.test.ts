import { describe, expect, it } from 'vitest'

import { hexToLinear, linearToHex } from '../../src/engine/hex-color.js'
import { estimateSceneLight, matchScene } from '../../src/engine/index.js'
import type { RgbaImage } from '../../src/engine/types.js'
import { neutralDisc, warmScene } from '../helpers/scenes.js'
import { meanLuma, redBlueRatio, synthetic } from './stats.js'

const disc = neutralDisc()
const placement = { x: 110, y: 80, width: 100, height: 100 }

/** Alpha-weighted mean x of a shadow layer, in background pixels. */
function shadowCentreX(shadow: { image: RgbaImage; x: number }): number {
  const { width, height, data } = shadow.image
  let sum = 0
  let weight = 0
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = data[(y * width + x) * 4 + 3]
      sum += a * x
      weight += a
    }
  }
  return shadow.x + sum / weight
}

describe('matching a subject to a background', () => {
  it('reads the direction of a scene lit from the left, and from the right when mirrored', () => {
    const left = estimateSceneLight(warmScene('left'), placement)
    const right = estimateSceneLight(warmScene('right'), placement)
    expect(Math.abs(left.azimuth)).toBeGreaterThan(150)
    expect(Math.abs(right.azimuth)).toBeLessThan(30)
    // Warm: the key light has more red than blue.
    expect(left.color[0]).toBeGreaterThan(left.color[2] * 1.5)
  })

  it('a neutral cut-out on a warm scene lit from the left comes back brighter on its left and warmer', () => {
    const matched = matchScene(disc, warmScene('left'), { placement })
    expect(meanLuma(matched.subject, 'left')).toBeGreaterThan(meanLuma(matched.subject, 'right') + 10)
    expect(redBlueRatio(matched.subject)).toBeGreaterThan(redBlueRatio(disc) * 1.15)
    // The cut-out keeps its own alpha.
    for (let i = 3; i < disc.data.length; i += 4) expect(matched.subject.data[i]).toBe(disc.data[i])
  })

  it('on the mirrored scene the right side is the brighter one', () => {
    const matched = matchScene(disc, warmScene('right'), { placement })
    expect(meanLuma(matched.subject, 'right')).toBeGreaterThan(meanLuma(matched.subject, 'left') + 10)
    expect(redBlueRatio(matched.subject)).toBeGreaterThan(redBlueRatio(disc) * 1.15)
  })

  it('the shadow falls away from the light', () => {
    const centre = placement.x + placement.width / 2
    const fromLeft = matchScene(disc, warmScene('left'), { placement })
    const fromRight = matchScene(disc, warmScene('right'), { placement })
    expect(shadowCentreX(fromLeft.shadow)).toBeGreaterThan(centre + 3)
    expect(shadowCentreX(fromRight.shadow)).toBeLessThan(centre - 3)
  })

  it('the composite is the background with the shadow darkening it beside the subject', () => {
    const scene = warmScene('left')
    const matched = matchScene(disc, scene, { placement })
    expect(matched.composite.width).toBe(scene.width)
    // Just right of the disc, where the shadow falls, the backdrop is darker than it was.
    const i = (130 * scene.width + 212) * 4
    const before = scene.data[i] + scene.data[i + 1] + scene.data[i + 2]
    const after = matched.composite.data[i] + matched.composite.data[i + 1] + matched.composite.data[i + 2]
    expect(after).toBeLessThan(before - 10)
  })

  it('a designer-chosen direction wins over the estimate', () => {
    const matched = matchScene(disc, warmScene('left'), { placement, light: { azimuth: 0 } })
    expect(matched.light.azimuth).toBe(0)
    expect(meanLuma(matched.subject, 'right')).toBeGreaterThan(meanLuma(matched.subject, 'left') + 10)
  })

  it('a uniform background gives a soft light from above with no confidence', () => {
    const flat = synthetic(64, 64, () => [128, 128, 128, 255])
    const light = estimateSceneLight(flat)
    expect(light.azimuth).toBe(90)
    expect(light.confidence).toBe(0)
  })

  it('a designer-chosen colour wins over the scene: warm comes back warmer than cool on the same scene', () => {
    const scene = warmScene('left')
    const warm = matchScene(disc, scene, { placement, light: { color: hexToLinear('#ffa040') } })
    const cool = matchScene(disc, scene, { placement, light: { color: hexToLinear('#60a0ff') } })
    const estimated = matchScene(disc, scene, { placement })
    expect(redBlueRatio(warm.subject)).toBeGreaterThan(redBlueRatio(cool.subject) * 1.5)
    // The cool pick turns the subject cool even on a warm scene: the chosen colour replaces the scene's.
    expect(redBlueRatio(cool.subject)).toBeLessThan(1)
    expect(redBlueRatio(cool.subject)).toBeLessThan(redBlueRatio(estimated.subject))
    expect(cool.light.color).toEqual(hexToLinear('#60a0ff'))
    // Only the colour changed: the direction is still the scene's.
    expect(cool.light.azimuth).toBe(estimated.light.azimuth)
    expect(meanLuma(cool.subject, 'left')).toBeGreaterThan(meanLuma(cool.subject, 'right') + 10)
  })

  it('harmonises toward the chosen colour, not the scene fill, when the key light is off', () => {
    // Strength 0 keeps the subject's own light: what changes the colour then is the harmonisation alone.
    const scene = warmScene('left')
    const options = { placement, strength: 0 }
    const warm = matchScene(disc, scene, { ...options, light: { color: hexToLinear('#ffa040') } })
    const cool = matchScene(disc, scene, { ...options, light: { color: hexToLinear('#60a0ff') } })
    expect(redBlueRatio(warm.subject)).toBeGreaterThan(1.05)
    expect(redBlueRatio(cool.subject)).toBeLessThan(0.95)
  })
})

describe('a background with the subject taken out of it', () => {
  /** `scene` with the box transparent: what a frame looks like once the subject in it is taken out. */
  function withHole(scene: RgbaImage, box: typeof placement): RgbaImage {
    const data = new Uint8ClampedArray(scene.data)
    for (let y = box.y; y < box.y + box.height; y++) {
      for (let x = box.x; x < box.x + box.width; x++) data[(y * scene.width + x) * 4 + 3] = 0
    }
    return { width: scene.width, height: scene.height, data }
  }

  it('reads the light of what is around the hole, as if the hole were not there', () => {
    for (const from of ['left', 'right'] as const) {
      const whole = estimateSceneLight(warmScene(from), placement)
      const holed = estimateSceneLight(withHole(warmScene(from), placement), placement)
      expect(Math.abs(holed.azimuth - whole.azimuth)).toBeLessThanOrEqual(10)
      expect(holed.intensity).toBeCloseTo(whole.intensity, 1)
      expect(holed.fill[0]).toBeCloseTo(whole.fill[0], 1)
    }
  })

  it('an image with nothing opaque left reads as no light in particular', () => {
    const gone = withHole(warmScene('left'), { x: 0, y: 0, width: 320, height: 200 })
    expect(estimateSceneLight(gone)).toMatchObject({ azimuth: 90, confidence: 0, intensity: 1 })
  })
})

describe('light colours written #rrggbb', () => {
  it("round-trips a colour through the engine's linear form, at unit luminance", () => {
    for (const hex of ['#ffa040', '#60a0ff', '#ffffff', '#ff0000']) {
      const linear = hexToLinear(hex)
      expect(0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]).toBeCloseTo(1, 5)
      expect(linearToHex(linear)).toBe(hex)
    }
    expect(hexToLinear('#FFA040')).toEqual(hexToLinear('#ffa040'))
  })

  it('refuses what is not #rrggbb', () => {
    for (const bad of ['ffa040', '#ffa04', '#ffa0400', '#gga040', 'orange', '']) {
      expect(() => hexToLinear(bad)).toThrow(/#rrggbb/)
    }
  })
})

import { beforeAll, describe, expect, it } from 'vitest'

import { findSubject } from '../../src/engine/index.js'
import type { RgbaImage } from '../../src/engine/types.js'
import { loadFixture, resizeImage } from '../../testkit/fixtures.js'
import { BACKDROPS, flatten, halfAlphaIoU } from '../../testkit/subject-fixtures.js'

/**
 * The live preview finds the subject in the layer's thumbnail, whatever its size up to 512 px, so the auto
 * mask must hold at the sizes between the fixtures' own: the grid it labels on gets coarser with the size,
 * and a subject that fills much of the frame (the camera) must still leave a border plain enough to count.
 */
const PACKSHOTS = ['bottle-alpha.png', 'camera-alpha.png', 'guitar-alpha.png']
const LONG_SIDES = [300, 400, 480]
const cutouts = new Map<string, RgbaImage>()

beforeAll(async () => {
  for (const name of PACKSHOTS) {
    const image = await loadFixture(name)
    for (const long of LONG_SIDES) {
      const k = long / Math.max(image.width, image.height)
      const size = { width: Math.round(image.width * k), height: Math.round(image.height * k) }
      cutouts.set(`${name}@${long}`, await resizeImage(image, size.width, size.height))
    }
  }
})

describe('auto subject mask at thumbnail sizes', () => {
  for (const name of PACKSHOTS) {
    for (const long of LONG_SIDES) {
      it(`${name} at ${long} px: found on every backdrop with IoU >= 0.95`, () => {
        for (const backdrop of BACKDROPS) {
          const { photo, truth } = flatten(cutouts.get(`${name}@${long}`)!, backdrop)
          const subject = findSubject(photo)
          if (!subject.found) throw new Error(`no subject on ${backdrop.name}: ${subject.reason}`)
          expect(halfAlphaIoU(subject.alpha, truth), backdrop.name).toBeGreaterThanOrEqual(0.95)
        }
      })
    }
  }
})

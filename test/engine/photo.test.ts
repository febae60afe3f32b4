import { beforeAll, describe, expect, it } from 'vitest'

import { findSubject, relight } from '../../src/engine/index.js'
import type { RgbaImage } from '../../src/engine/types.js'
import { loadFixture } from '../../testkit/fixtures.js'
import { BACKDROPS, flatten, halfAlphaIoU } from '../../testkit/subject-fixtures.js'
import { correlation, gainMap, residualAfterPlane, sideGain } from './photo-measures.js'
import { synthetic } from './stats.js'

const PACKSHOTS = ['bottle-alpha.png', 'camera-alpha.png', 'guitar-alpha.png']
const WHITE = BACKDROPS[0]
const cutouts = new Map<string, RgbaImage>()

beforeAll(async () => {
  for (const name of PACKSHOTS) cutouts.set(name, await loadFixture(name))
})

describe('an opaque packshot with the auto mask is lit like a cut-out', () => {
  for (const name of PACKSHOTS) {
    it(`${name} on white: light from the left and from the right shade the subject the opposite ways`, () => {
      const { photo, truth } = flatten(cutouts.get(name)!, WHITE)
      const ratio = (side: 'left' | 'right'): number => {
        const gain = gainMap(photo, relight(photo, { lightSource: side, output: 'scene', autoMask: true }))
        return sideGain(gain, truth, photo.width, 'left') / sideGain(gain, truth, photo.width, 'right')
      }
      // The lit third brightens relative to the far third by at least 25 %, each way.
      expect(ratio('left')).toBeGreaterThan(1.25)
      expect(ratio('right')).toBeLessThan(1 / 1.25)
    })

    it(`${name} on white: the subject's light follows its shape as the cut-out's does (correlation >= 0.8)`, () => {
      const cutout = cutouts.get(name)!
      const { photo, truth } = flatten(cutout, WHITE)
      const options = { lightSource: 'left', output: 'scene' } as const
      const asPhoto = gainMap(photo, relight(photo, { ...options, autoMask: true }))
      const asCutout = gainMap(cutout, relight(cutout, { ...options, output: 'cutout' }))
      expect(correlation(asPhoto, asCutout, truth)).toBeGreaterThanOrEqual(0.8)
    })
  }

  it('the background gets the scene light: a contact shadow on the far side, brighter toward the light', () => {
    const { photo, truth } = flatten(cutouts.get('bottle-alpha.png')!, BACKDROPS[1])
    const out = relight(photo, { lightSource: 'left', output: 'scene', autoMask: true, shadow: 1 })
    const { width, height } = photo
    const lumaAt = (img: RgbaImage, x: number, y: number): number => img.data[(y * width + x) * 4 + 1]
    // The bottle's right edge at its lower third, and a background point just beyond it.
    const y = Math.round(height * 0.75)
    let edge = width - 1
    while (edge > 0 && truth[y * width + edge] === 0) edge--
    const beyond = Math.min(width - 1, edge + Math.round(width * 0.04))
    expect(lumaAt(out, beyond, y)).toBeLessThan(lumaAt(photo, beyond, y) - 10)
    // The far corner (away from the light) ends darker than the corner on the light's side.
    expect(lumaAt(out, width - 2, 2)).toBeLessThan(lumaAt(out, 1, 2))
  })

  it('cutout output returns the subject with the found alpha', () => {
    const { photo, truth } = flatten(cutouts.get('camera-alpha.png')!, WHITE)
    const out = relight(photo, { lightSource: 'right', output: 'cutout', autoMask: true })
    const subject = findSubject(photo)
    expect(subject.found).toBe(true)
    if (!subject.found) return
    const alpha = new Uint8Array(photo.width * photo.height)
    for (let p = 0; p < alpha.length; p++) alpha[p] = out.data[p * 4 + 3]
    expect(Buffer.from(alpha).equals(Buffer.from(subject.alpha))).toBe(true)
    expect(halfAlphaIoU(alpha, truth)).toBeGreaterThanOrEqual(0.95)
    expect(out.notes.join(' ')).toMatch(/Subject found/)
  })

  it("the cutout carries the subject's own colours at its soft edge, not the old background", () => {
    const cutout = cutouts.get('bottle-alpha.png')!
    const { photo } = flatten(cutout, BACKDROPS[1])
    const out = relight(photo, { lightSource: 'none', output: 'cutout', autoMask: true })
    let before = 0
    let after = 0
    let n = 0
    for (let i = 0; i < out.data.length; i += 4) {
      const a = out.data[i + 3]
      if (a < 32 || a > 223 || cutout.data[i + 3] === 0) continue
      for (let c = 0; c < 3; c++) {
        before += Math.abs(photo.data[i + c] - cutout.data[i + c])
        after += Math.abs(out.data[i + c] - cutout.data[i + c])
      }
      n++
    }
    expect(n).toBeGreaterThan(500)
    expect(after).toBeLessThan(before * 0.5)
  })

  it('a subject found earlier is reused: same bytes as finding it again; one of another image is not', () => {
    const { photo } = flatten(cutouts.get('guitar-alpha.png')!, WHITE)
    const options = { lightSource: 'right', output: 'cutout', autoMask: true } as const
    const fresh = relight(photo, options)
    const reused = relight(photo, { ...options, subject: findSubject(photo) })
    expect(Buffer.from(reused.data).equals(Buffer.from(fresh.data))).toBe(true)
    const other = flatten(cutouts.get('camera-alpha.png')!, WHITE).photo
    const mismatched = relight(photo, { ...options, subject: findSubject(other) })
    expect(Buffer.from(mismatched.data).equals(Buffer.from(fresh.data))).toBe(true)
  })

  it('an image with transparency keeps its own alpha as the subject under the auto mask', () => {
    const cutout = cutouts.get('guitar-alpha.png')!
    const auto = relight(cutout, { lightSource: 'left', output: 'cutout', autoMask: true })
    const plain = relight(cutout, { lightSource: 'left', output: 'cutout' })
    expect(Buffer.from(auto.data).equals(Buffer.from(plain.data))).toBe(true)
    expect(auto.notes.join(' ')).toMatch(/transparency/)
  })
})

describe("no clear subject: shape from the image's own shading", () => {
  for (const name of ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg']) {
    it(`${name}: says so in the notes, and the light is not a flat gradient (residual after a plane >= 0.12)`, async () => {
      const photo = await loadFixture(name)
      const out = relight(photo, { lightSource: 'left', output: 'scene', autoMask: true })
      expect(out.notes.join(' ')).toMatch(/No clear subject/)
      expect(residualAfterPlane(gainMap(photo, out), photo.width)).toBeGreaterThanOrEqual(0.12)
    })
  }

  it('a full-bleed texture gets the note and shading that follows its bumps', () => {
    // Soft bumps: bright blobs on a mid gray, over the whole frame.
    const photo = synthetic(256, 256, (x, y) => {
      const v = 110 + 60 * Math.sin(x / 9) * Math.sin(y / 11) + 25 * Math.sin((x + 2 * y) / 23)
      return [v, v * 0.92, v * 0.8, 255]
    })
    const out = relight(photo, { lightSource: 'left', output: 'scene', autoMask: true })
    expect(out.notes.join(' ')).toMatch(/No clear subject/)
    expect(residualAfterPlane(gainMap(photo, out), photo.width)).toBeGreaterThanOrEqual(0.05)
  })
})

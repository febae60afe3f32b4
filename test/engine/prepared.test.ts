import { beforeAll, describe, expect, it } from 'vitest'

import { findSubject, prepareRelight, relight, relightPrepared } from '../../src/engine/index.js'
import type { RelightOptions, RgbaImage } from '../../src/engine/types.js'
import { loadFixture, resizeImage } from '../../testkit/fixtures.js'
import { BACKDROPS, flatten } from '../../testkit/subject-fixtures.js'

/** A series of lights as the live preview sends them while the designer moves the light and types. */
const SERIES: readonly Omit<RelightOptions, 'mask' | 'autoMask' | 'subject'>[] = [
  { lightSource: 'left', output: 'scene' },
  { lightSource: 'right', output: 'scene', color: [1.3, 1, 0.7] },
  { lightSource: 'top', output: 'cutout', temperature: 0.6 },
  { lightSource: 'none', output: 'cutout' },
  { lightSource: 'bottom', output: 'scene', azimuth: 200, elevation: 20, strength: 0.5 }
]

let cutout: RgbaImage
let photo: RgbaImage

beforeAll(async () => {
  cutout = await resizeImage(await loadFixture('bottle-alpha.png'), 240, 320)
  photo = flatten(cutout, BACKDROPS[0]).photo
})

describe('a prepared image relit light after light', () => {
  it('a cut-out: every light gives the bytes and notes a full relight gives', () => {
    const prepared = prepareRelight(cutout, {})
    for (const light of SERIES) {
      const once = relightPrepared(prepared, light)
      const full = relight(cutout, light)
      expect(Buffer.from(once.data).equals(Buffer.from(full.data)), JSON.stringify(light)).toBe(true)
      expect(once.notes).toEqual(full.notes)
    }
  })

  it('an opaque packshot with the auto mask and a subject found earlier: the same, the subject found once', () => {
    const subject = findSubject(photo)
    expect(subject.found).toBe(true)
    const prepared = prepareRelight(photo, { autoMask: true, subject })
    expect(prepared.notes.join(' ')).toMatch(/Subject found/)
    for (const light of SERIES) {
      const options = { ...light, autoMask: true, subject }
      const once = relightPrepared(prepared, options)
      const full = relight(photo, options)
      expect(Buffer.from(once.data).equals(Buffer.from(full.data)), JSON.stringify(light)).toBe(true)
      expect(once.notes).toEqual(full.notes)
    }
  })

  it('a mask on an opaque image: the same bytes as a full relight with that mask', () => {
    const mask = new Uint8Array(photo.width * photo.height)
    for (let y = 40; y < 280; y++) for (let x = 60; x < 180; x++) mask[y * photo.width + x] = 255
    const prepared = prepareRelight(photo, { mask })
    for (const light of SERIES) {
      const once = relightPrepared(prepared, { ...light, mask })
      const full = relight(photo, { ...light, mask })
      expect(Buffer.from(once.data).equals(Buffer.from(full.data)), JSON.stringify(light)).toBe(true)
    }
  })

  it('the shape is made once, on the first directional light, and kept', () => {
    const prepared = prepareRelight(cutout, {})
    relightPrepared(prepared, { lightSource: 'left' })
    const shape = prepared.shape()
    relightPrepared(prepared, { lightSource: 'right' })
    expect(prepared.shape()).toBe(shape)
  })

  it('a mask of the wrong size is refused, in words, when the shape is first needed', () => {
    const prepared = prepareRelight(photo, { mask: new Uint8Array(3) })
    expect(() => relightPrepared(prepared, { lightSource: 'left' })).toThrow(/mask has 3 bytes/)
  })
})

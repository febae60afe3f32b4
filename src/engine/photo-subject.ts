/**
 * An opaque photo with a subject mask (found, or given as a mask image): the subject is shaded like a
 * cut-out, and the photo keeps its own background, lit as the wall behind a cut-out is: the key's pool of
 * light from the light's side and the subject's contact shadow cast away from it. Both go into the shading
 * fields, weighted by the subject's coverage a cell, so one full-resolution pass lights subject and
 * background alike and the edge between them stays as soft as the mask.
 */
import { type Scratch, wallLight } from './background.js'
import type { Light } from './light.js'
import type { SubjectGrid } from './mask.js'
import { upsample } from './resample.js'
import type { ShadingFields } from './shading.js'

export function lightBackground(
  shading: ShadingFields,
  grid: SubjectGrid,
  light: Light,
  imageWidth: number,
  imageHeight: number,
  scratch: Scratch
): void {
  const { width, height, coverage } = grid
  const { c, spot, left } = wallLight(grid, light, imageWidth, imageHeight, scratch)
  const n = c.width * c.height
  // The pool relative to its mean: the background keeps its exposure overall, brighter toward the light.
  let mean = 0
  for (let i = 0; i < n; i++) mean += spot[i]
  mean = mean / n || 1
  const coarse = new Float32Array(n)
  for (let i = 0; i < n; i++) coarse[i] = (spot[i] / mean) * left[i]
  // The scratch field is free again once the wall light is made: the pool, at the grid's size.
  const wall = scratch.tmp
  upsample(coarse, c, width, height, wall)
  const { key, add } = shading
  for (let i = 0; i < key.length; i++) {
    const s = coverage[i] < 1 ? coverage[i] : 1
    key[i] = s * key[i] + (1 - s) * wall[i]
    add[i] *= s
  }
}

/**
 * Step 2: a height field on the grid, in grid cells (so slopes read the same on every grid size). Three
 * layers, summed:
 *
 * - body: the silhouette "inflated". Each cell rises with its exact distance to the edge (linear-time EDT)
 *   along a circular profile, so a bottle becomes a rounded cylinder and a disc a dome; then a wide blur
 *   rounds off the creases a distance field has along its medial axis (the "roof" lines of a raw
 *   inflation). Smooth by construction, so it runs on the half-resolution grid.
 * - bevel: a narrow round-over right at the silhouette from the lightly blurred mask, so the edge turns
 *   away from the viewer (rim light, terminator) on a band too thin to show any crease.
 * - relief: the subject's luma, lightly smoothed (bright reads as raised, as in an editor's bump channel).
 * - shading (opaque images with no silhouette): the luma at a broader scale, much higher. A photo's own
 *   shading already says which way its surfaces face (lit parts face the camera's light, shadowed parts
 *   turn away), so read as height it gives faces, cups and folds a shape the new light can model.
 */
import { boxBlur } from './blur.js'
import { createEdtScratch, squaredDistanceTransform } from './distance-transform.js'
import { GRID_MAX, SUBJECT_COVERAGE, type SubjectGrid } from './mask.js'
import { coarseOf, downsample, upsample } from './resample.js'

/** Radius of the body's profile as a fraction of the deepest inside distance (1 = fully round). */
const ROUNDNESS = 0.9
/** Blur of the body, as a fraction of the deepest inside distance. */
const SMOOTHING = 0.2
/** Radius of the bevel, in cells of a `GRID_MAX` grid, and its height in radii. */
const BEVEL = 6
const BEVEL_HEIGHT = 1.5
/** Height of the luma relief, in cells of a `GRID_MAX` grid, for luma going from 0 to 1. */
const RELIEF = 3
/** Height of the broad luma shape of a photo with no silhouette, same units, and its blur (share of the side). */
const SHADING = 28
const SHADING_BLUR = 0.012

export interface HeightScratch {
  readonly tmp: Float32Array
  readonly acc: Float64Array
}

export function heightField(grid: SubjectGrid, scratch: HeightScratch): Float32Array {
  const { width, height, coverage, luma } = grid
  const n = width * height
  const h = new Float32Array(n)
  const relative = Math.max(width, height) / GRID_MAX
  // One working field, reused: the silhouette (blurred in place into the bevel's ramp), then the relief.
  const work = new Float32Array(n)

  if (!grid.opaque) {
    const inside = work
    let count = 0
    for (let i = 0; i < n; i++) {
      if (coverage[i] >= SUBJECT_COVERAGE) {
        inside[i] = 1
        count++
      }
    }
    // All or nothing covered: no edge, nothing to inflate.
    if (count > 0 && count < n) {
      addBody(inside, width, height, h, scratch)
      addBevel(inside, width, height, Math.max(1.5, BEVEL * relative), h, scratch)
    }
  }

  if (grid.opaque) addShading(luma, width, height, SHADING * relative, h, scratch)

  const relief = work
  if (grid.opaque) relief.set(luma)
  else for (let i = 0; i < n; i++) relief[i] = luma[i] * (coverage[i] < 1 ? coverage[i] : 1)
  boxBlur(relief, width, height, 1, 1, scratch.tmp, scratch.acc)
  const k = RELIEF * relative
  for (let i = 0; i < n; i++) h[i] += k * relief[i]
  return h
}

function addBody(
  inside: Float32Array,
  width: number,
  height: number,
  h: Float32Array,
  scratch: HeightScratch
): void {
  const c = coarseOf(width, height)
  const cn = c.width * c.height
  const field = new Float32Array(cn)
  downsample(inside, width, height, c, field)
  const mask = new Uint8Array(cn)
  for (let i = 0; i < cn; i++) mask[i] = field[i] >= 0.5 ? 1 : 0

  const dist = squaredDistanceTransform(
    mask,
    c.width,
    c.height,
    1,
    true,
    field,
    createEdtScratch(Math.max(c.width, c.height))
  )
  let deepest = 0
  for (let i = 0; i < cn; i++) {
    // Distance from the cell's center to the boundary between cells.
    const d = mask[i] ? Math.sqrt(dist[i]) - 0.5 : 0
    dist[i] = d
    if (d > deepest) deepest = d
  }
  if (deepest <= 0) return
  const radius = Math.max(1, ROUNDNESS * deepest)
  for (let i = 0; i < cn; i++) {
    const d = dist[i]
    dist[i] = (d >= radius ? radius : Math.sqrt(d * (2 * radius - d))) * c.factor
  }
  boxBlur(dist, c.width, c.height, Math.max(1, SMOOTHING * deepest), 3, scratch.tmp, scratch.acc)
  upsample(dist, c, width, height, h)
}

function addBevel(
  inside: Float32Array,
  width: number,
  height: number,
  radius: number,
  h: Float32Array,
  scratch: HeightScratch
): void {
  // Two box passes of radius r/2 ramp the mask from 0.5 at the edge to 1 about r inside (in place: the
  // body has read the silhouette already).
  const ramp = inside
  boxBlur(ramp, width, height, Math.max(1, radius / 2), 2, scratch.tmp, scratch.acc)
  const top = BEVEL_HEIGHT * radius
  for (let i = 0; i < h.length; i++) {
    const t = (ramp[i] - 0.5) * 2
    if (t > 0) h[i] += top * (t >= 1 ? 1 : Math.sqrt(t * (2 - t)))
  }
}

function addShading(
  luma: Float32Array,
  width: number,
  height: number,
  k: number,
  h: Float32Array,
  scratch: HeightScratch
): void {
  const broad = new Float32Array(luma)
  boxBlur(
    broad,
    width,
    height,
    Math.max(2, SHADING_BLUR * Math.max(width, height)),
    2,
    scratch.tmp,
    scratch.acc
  )
  for (let i = 0; i < h.length; i++) h[i] += k * broad[i]
}

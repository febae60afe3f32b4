/**
 * The Studio engine's pipeline: subject grid (mask.ts) -> height field (height-field.ts, with the distance
 * transform) -> normals and shading fields (shading.ts) -> backdrop for the scene output (background.ts)
 * -> one full-resolution pass (compose.ts). Pure and deterministic: no state between calls, no randomness,
 * the input is never modified. The steps up to the height field do not depend on the light:
 * `prepareRelight` does them once for a series of relights of one image (a live preview).
 *
 * Memory: besides the output image (4 bytes a pixel, the only full-size allocation) the engine allocates
 * about 80 bytes a grid cell, and the grid is at most 256 x 256 cells (mask.ts), so under 6 MB, plus a
 * few rows. At 4096 x 4096 that is the 64 MB output + < 12 MB of scratch; the input is only read.
 */
import { backdrop } from './background.js'
import { compose } from './compose.js'
import { heightField } from './height-field.js'
import { type Light, resolveLight } from './light.js'
import { type SubjectGrid, subjectGrid, subjectGridWithAlpha } from './mask.js'
import { lightBackground } from './photo-subject.js'
import { shade } from './shading.js'
import { LINEAR_LUT_SIZE, LINEAR_TO_SRGB, SRGB_TO_LINEAR } from './srgb.js'
import { findSubject, type Subject } from './subject.js'
import type { EdgeColours } from './subject-edges.js'
import type { RelightOptions, RelitImage, RgbaImage } from './types.js'

export function relight(image: RgbaImage, options: RelightOptions): RelitImage {
  return relightPrepared(prepareRelight(image, options), options)
}

/**
 * What a relight needs of an image that does not depend on the light: the subject (found or given) and,
 * made on first use, its grid and height field. A live preview prepares its thumbnail once and relights
 * it with `relightPrepared` as the light moves; `relight` is the two in one call.
 */
export interface PreparedRelight {
  readonly image: RgbaImage
  /** What preparing decided (the auto mask's outcome), in words for the job's log. */
  readonly notes: readonly string[]
  /** With the auto mask: the subject's grid, alpha and soft-edge colours when one was found. */
  readonly auto?: AutoSubject
  /** The subject's grid and height field, computed on the first call. */
  readonly shape: () => Shape
}

interface AutoSubject {
  readonly grid: SubjectGrid
  readonly alpha?: Uint8Array
  readonly edges?: EdgeColours
}

interface Shape {
  readonly grid: SubjectGrid
  readonly heights: Float32Array
  /** Working fields the size of the grid, for the steps that blur (no state: each use overwrites them). */
  readonly scratch: { readonly tmp: Float32Array; readonly acc: Float64Array }
}

/** Checks the image and the subject options, finds the subject for the auto mask. */
export function prepareRelight(
  image: RgbaImage,
  options: Pick<RelightOptions, 'mask' | 'autoMask' | 'subject'>
): PreparedRelight {
  const { width, height, data } = image
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`image size must be whole non-negative numbers (got ${width} x ${height})`)
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(`image data has ${data.length} bytes; expected ${width * height * 4} (RGBA)`)
  }
  const notes: string[] = []
  const auto = options.autoMask && data.length > 0 ? autoSubject(image, options.subject, notes) : undefined
  let shape: Shape | undefined
  const shapeOf = (): Shape => {
    const grid = auto?.grid ?? subjectGrid(image, options.mask)
    const cells = grid.width * grid.height
    const scratch = { tmp: new Float32Array(cells), acc: new Float64Array(Math.max(grid.width, grid.height)) }
    return { grid, heights: heightField(grid, scratch), scratch }
  }
  return { image, notes, ...(auto ? { auto } : {}), shape: () => (shape ??= shapeOf()) }
}

/** Relights a prepared image with the light in `options` (its mask and auto mask options were prepared). */
export function relightPrepared(prepared: PreparedRelight, options: RelightOptions): RelitImage {
  const { image, auto } = prepared
  const { width, height, data } = image
  const out = new Uint8ClampedArray(data.length)
  const notes = [...prepared.notes]
  const result: RelitImage = { width, height, data: out, notes }
  if (data.length === 0) return result

  const light = resolveLight(options)
  // The found alpha replaces the opaque photo's in the cutout output.
  const cutoutAlpha = options.output === 'cutout' ? auto?.alpha : undefined
  // A found subject's cut-out keeps its own colours at the soft edge, not the old background's.
  const edges = cutoutAlpha ? auto?.edges : undefined
  if (!light.directional) {
    uniformLight((edges ? unmixed(image, edges) : image).data, light, out)
    if (cutoutAlpha) applyAlpha(cutoutAlpha, out)
    return result
  }

  const { grid, heights, scratch } = prepared.shape()
  const shading = shade(heights, grid, light)
  const scene = options.output !== 'cutout' && grid.transparent
  const stage = scene ? backdrop(grid, light, width, height, scratch) : undefined
  // An opaque photo with a subject: its own background gets the scene's light and the contact shadow.
  if (!grid.transparent && !grid.opaque) lightBackground(shading, grid, light, width, height, scratch)
  compose(image, grid, shading, light, stage, out, cutoutAlpha, edges)
  return result
}

/**
 * The auto mask: the image's own grid when it has transparency or no clear subject (and why, in `notes`),
 * else the grid with the found subject and its alpha. Looking for a subject comes first: its grid pass also
 * tells whether the image is opaque, so an opaque photo (the case the auto mask is for) is read once.
 */
function autoSubject(image: RgbaImage, known: Subject | undefined, notes: string[]): AutoSubject {
  const subject =
    known && (!known.found || known.alpha.length === image.width * image.height) ? known : findSubject(image)
  const found = subject.found ? subjectGridWithAlpha(image, subject.alpha) : undefined
  if (subject.found && found) {
    notes.push(`Subject found: ${Math.round(subject.share * 100)} % of the image.`)
    return { grid: found, alpha: subject.alpha, edges: subject.edges }
  }
  const own = subjectGrid(image)
  if (!own.opaque) {
    notes.push('The image has transparency, so its own alpha is the subject.')
  } else if (!subject.found) {
    notes.push(
      `No clear subject: ${subject.reason}. The light takes its shape from the image's own shading instead.`
    )
  }
  return { grid: own }
}

/** A copy of the image with the edge pixels' colours replaced. */
function unmixed(image: RgbaImage, edges: EdgeColours): RgbaImage {
  const data = new Uint8ClampedArray(image.data)
  const { pixels, rgb } = edges
  for (let k = 0; k < pixels.length; k++) {
    const i = pixels[k] * 4
    data[i] = rgb[k * 3]
    data[i + 1] = rgb[k * 3 + 1]
    data[i + 2] = rgb[k * 3 + 2]
  }
  return { width: image.width, height: image.height, data }
}

function applyAlpha(alpha: Uint8Array, out: Uint8ClampedArray): void {
  for (let p = 0, i = 3; p < alpha.length; p++, i += 4) out[i] = alpha[p]
}

/**
 * No direction (`lightSource: 'none'`): the light is everywhere at once, so all it can change is the
 * color and the exposure, one table per channel. Neutral white at intensity 1 is the identity, byte for
 * byte. With no direction there is nothing to stage either: the scene output keeps the transparency.
 */
function uniformLight(data: Uint8ClampedArray, light: Light, out: Uint8ClampedArray): void {
  const { ambient, intensity, color, fill, strength } = light
  const gains = [0, 1, 2].map(
    (c) => 1 - strength + strength * (ambient * fill[c] + (1 - ambient) * intensity * color[c])
  )
  if (gains.every((g) => Math.abs(g - 1) < 1e-6)) {
    out.set(data)
    return
  }
  const tables = gains.map((gain) => {
    const table = new Uint8ClampedArray(256)
    for (let v = 0; v < 256; v++) {
      const i = Math.round(Math.min(1, SRGB_TO_LINEAR[v] * gain) * (LINEAR_LUT_SIZE - 1))
      table[v] = LINEAR_TO_SRGB[i]
    }
    return table
  })
  const [tr, tg, tb] = tables
  for (let i = 0; i < data.length; i += 4) {
    out[i] = tr[data[i]]
    out[i + 1] = tg[data[i + 1]]
    out[i + 2] = tb[data[i + 2]]
    out[i + 3] = data[i + 3]
  }
}

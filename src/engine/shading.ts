/**
 * Step 3: shading on the grid, as two fields the full-resolution pass interpolates:
 *
 * - `key`: how much of the key light reaches the surface, relative to a flat surface facing the viewer
 *   (1 there). Diffuse with a soft wrap (the terminator rolls off instead of cutting), times a falloff
 *   across the subject (the side nearer the light gets more), plus the diffuse part of the rim light.
 * - `add`: light reflected straight off the surface, independent of its color: a Blinn-Phong highlight
 *   and a Fresnel-like rim on edges that face the light. This is what shows the shape of black objects.
 *
 * The engine multiplies the input's colors by the first (in linear light) and adds the second, so a flat
 * surface at the subject's center keeps its exposure and everything else brightens or darkens around it.
 *
 * Each cell's normal comes from the height field's gradient (central differences, clamped at the border),
 * in image axes: x right, y down, z toward the viewer; a flat cell faces the viewer, (0, 0, 1). It is
 * computed here, cell by cell, rather than stored as three fields first.
 */
import type { Light } from './light.js'
import type { SubjectGrid } from './mask.js'

/**
 * Strength of the falloff across the subject at a grazing light: the far side gets 1 - FALLOFF of the key.
 * A photo has no silhouette to shade, so the falloff is what carries the light's direction there.
 */
const FALLOFF_CUTOUT = 0.45
const FALLOFF_PHOTO = 1
/** Peak of the specular highlight at `specular` = 1. */
const SPECULAR_GAIN = 0.6
/** Blinn-Phong exponents for hard and soft light. */
const SHININESS_HARD = 90
const SHININESS_SOFT = 20
/** Rim (it hugs the edge as (1 - nz) cubed): its diffuse and reflected parts at `rim` = 1. */
const RIM_DIFFUSE = 0.9
const RIM_REFLECT = 0.35
const SPEC_LUT_SIZE = 1024

export interface ShadingFields {
  readonly key: Float32Array
  readonly add: Float32Array
}

export function shade(h: Float32Array, grid: SubjectGrid, light: Light): ShadingFields {
  const { width, height, scale, bounds } = grid
  const n = width * height
  const key = new Float32Array(n)
  const add = new Float32Array(n)

  const { dirX, dirY, sinEl, cosEl, softness } = light
  const lx = dirX * cosEl
  const ly = dirY * cosEl
  const lz = sinEl
  const wrap = 0.2 + 0.6 * softness
  const wrapNorm = 1 / (1 + wrap)
  const flat = (lz + wrap) * wrapNorm
  const diffuseScale = 1 / flat

  // Half vector between the light and the viewer (0, 0, 1).
  const hl = Math.hypot(lx, ly, lz + 1)
  const hx = lx / hl
  const hy = ly / hl
  const hz = (lz + 1) / hl
  const shininess = SHININESS_HARD + (SHININESS_SOFT - SHININESS_HARD) * softness
  const specLut = new Float32Array(SPEC_LUT_SIZE + 1)
  const specPeak = light.specular * SPECULAR_GAIN * (1 - 0.5 * softness)
  for (let i = 0; i <= SPEC_LUT_SIZE; i++) specLut[i] = specPeak * Math.pow(i / SPEC_LUT_SIZE, shininess)

  // Falloff: position along the light's direction across the subject's bounds, -1 far side .. 1 near side.
  const cx = (bounds.x0 + bounds.x1) / 2
  const cy = (bounds.y0 + bounds.y1) / 2
  const half = Math.max(
    1,
    (Math.abs(dirX) * (bounds.x1 - bounds.x0) + Math.abs(dirY) * (bounds.y1 - bounds.y0)) / 2
  )
  const falloff = ((grid.opaque ? FALLOFF_PHOTO : FALLOFF_CUTOUT) * cosEl) / half
  const rimDiffuse = light.rim * RIM_DIFFUSE
  const rimReflect = light.rim * RIM_REFLECT * (1 - 0.5 * softness)

  for (let gy = 0, i = 0; gy < height; gy++) {
    const py = (gy + 0.5) * scale - cy
    const up = (gy > 0 ? gy - 1 : gy) * width
    const down = (gy < height - 1 ? gy + 1 : gy) * width
    const dy = gy > 0 && gy < height - 1 ? 0.5 : 1
    const row = gy * width
    for (let gx = 0; gx < width; gx++, i++) {
      const left = gx > 0 ? gx - 1 : gx
      const right = gx < width - 1 ? gx + 1 : gx
      const dx = right - left === 2 ? 0.5 : 1
      const slopeX = (h[row + right] - h[row + left]) * dx
      const slopeY = (h[down + gx] - h[up + gx]) * dy
      const nz = 1 / Math.sqrt(slopeX * slopeX + slopeY * slopeY + 1)
      const nx = -slopeX * nz
      const ny = -slopeY * nz
      const ndl = nx * lx + ny * ly + nz * lz
      let diffuse = (ndl + wrap) * wrapNorm
      diffuse = diffuse > 0 ? diffuse * diffuseScale : 0
      const p = ((gx + 0.5) * scale - cx) * dirX + py * dirY
      let fall = 1 + p * falloff
      fall = fall < 0.2 ? 0.2 : fall > 1.8 ? 1.8 : fall

      // Rim: edges (normal turned away from the viewer) whose in-plane normal faces the light.
      const inPlane = Math.sqrt(nx * nx + ny * ny)
      let rimT = 0
      if (inPlane > 1e-4) {
        const facing = (nx * dirX + ny * dirY) / inPlane
        if (facing > 0) {
          const e = 1 - nz
          rimT = e * e * e * facing
        }
      }
      key[i] = diffuse * fall + rimDiffuse * rimT
      const ndh = nx * hx + ny * hy + nz * hz
      add[i] = (ndh > 0 ? specLut[(ndh * SPEC_LUT_SIZE) | 0] : 0) * fall + rimReflect * rimT
    }
  }
  return { key, add }
}

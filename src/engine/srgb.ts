/**
 * sRGB transfer tables. The engine lights in linear light (a light that doubles the energy doubles the
 * linear value), so every channel goes through `SRGB_TO_LINEAR` on the way in and `LINEAR_TO_SRGB` out.
 * Tables instead of Math.pow: three lookups a pixel each way.
 */

/** Entries in the encoding table; 8192 keeps the round trip within one 8-bit level everywhere. */
export const LINEAR_LUT_SIZE = 8192
const LINEAR_LUT_MAX = LINEAR_LUT_SIZE - 1

export function decodeSrgb(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)
}

export function encodeSrgb(v: number): number {
  return v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055
}

/** 8-bit sRGB code to linear [0, 1]. */
export const SRGB_TO_LINEAR = new Float32Array(256)
for (let i = 0; i < 256; i++) SRGB_TO_LINEAR[i] = decodeSrgb(i / 255)

/** Linear [0, 1] sampled at `LINEAR_LUT_SIZE` steps to 8-bit sRGB code as a float (0..255). */
export const LINEAR_TO_SRGB = new Float32Array(LINEAR_LUT_SIZE)
for (let i = 0; i < LINEAR_LUT_SIZE; i++) LINEAR_TO_SRGB[i] = encodeSrgb(i / LINEAR_LUT_MAX) * 255

/** Index into `LINEAR_TO_SRGB` for a linear value, clamped to the table. */
export function linearIndex(v: number): number {
  const i = (v * LINEAR_LUT_MAX + 0.5) | 0
  return i < 0 ? 0 : i > LINEAR_LUT_MAX ? LINEAR_LUT_MAX : i
}

/** Rec. 709 luminance weights on linear RGB. */
export const LUMA_R = 0.2126
export const LUMA_G = 0.7152
export const LUMA_B = 0.0722

/** The same table rounded to 8-bit codes, for pixels that need no compositing. */
export const LINEAR_TO_SRGB8 = new Uint8Array(LINEAR_LUT_SIZE)
for (let i = 0; i < LINEAR_LUT_SIZE; i++) LINEAR_TO_SRGB8[i] = Math.round(LINEAR_TO_SRGB[i])

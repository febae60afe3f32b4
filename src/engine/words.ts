/**
 * RGBA pixels as 32-bit words: one read or write a pixel instead of four byte accesses, the cheapest way
 * through a full-resolution pass. The word's byte order follows the platform's (little-endian almost
 * everywhere), so the channel shifts do too.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
export const SHIFT_R = LITTLE_ENDIAN ? 0 : 24
export const SHIFT_G = LITTLE_ENDIAN ? 8 : 16
export const SHIFT_B = LITTLE_ENDIAN ? 16 : 8
export const SHIFT_A = LITTLE_ENDIAN ? 24 : 0

/**
 * The four shifts (red, green, blue, alpha), for hot loops to copy into locals: V8 reads an imported binding
 * from its module cell on every use, a local it keeps in a register.
 */
export const SHIFTS: readonly [number, number, number, number] = [SHIFT_R, SHIFT_G, SHIFT_B, SHIFT_A]

/** The pixels as words, without a copy when the bytes start on a word boundary (a copy otherwise). */
export function wordsOf(data: Uint8ClampedArray): Int32Array {
  return data.byteOffset % 4 === 0
    ? new Int32Array(data.buffer, data.byteOffset, data.length >> 2)
    : new Int32Array(new Uint8ClampedArray(data).buffer)
}

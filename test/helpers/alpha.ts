/** Checking that a cut-out carries the layer's own alpha, scaled to the result's size (sharp, Node only). */
import sharp from 'sharp'

/**
 * The result's alpha channel, and its largest difference from the input's alpha resized (cover) to
 * `width`×`height`: how far the returned cut-out strays from the layer's own edges.
 */
export async function alphaAgainstInput(
  result: Buffer | Uint8Array,
  input: Buffer | Uint8Array,
  width: number,
  height: number
): Promise<{ alpha: Buffer; worst: number }> {
  const alpha = await sharp(result).ensureAlpha().extractChannel(3).raw().toBuffer()
  const expected = await sharp(input)
    .ensureAlpha()
    .resize(width, height, { fit: 'cover' })
    .extractChannel(3)
    .raw()
    .toBuffer()
  let worst = 0
  for (let i = 0; i < alpha.length; i++) worst = Math.max(worst, Math.abs(alpha[i]! - expected[i]!))
  return { alpha, worst }
}

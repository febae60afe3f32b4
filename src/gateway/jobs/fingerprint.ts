import { createHash } from 'node:crypto'

import type { RelightParams } from '../../protocol/request.js'

/** A digest of the validated request, so a retried submit is told apart from a different one. */
export function requestFingerprint(
  params: RelightParams,
  image: Uint8Array,
  mask?: Uint8Array,
  background?: Uint8Array
): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify(params))
  hash.update('\0image\0')
  hash.update(image)
  if (mask) hash.update('\0mask\0').update(mask)
  if (background) hash.update('\0background\0').update(background)
  return hash.digest('hex')
}

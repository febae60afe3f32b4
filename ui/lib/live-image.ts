/**
 * Images for Live: the Studio-lit preview as the init image fal gets (JPEG over IC-Light's mid-gray, so a
 * transparent layer does not turn black and each frame stays small on the wire), and a frame's data URI
 * back to bytes for placing it as it is.
 */

/** IC-Light composites the foreground over gray 127. */
const BACKDROP = 'rgb(127, 127, 127)'

export function initImageFrom(canvas: HTMLCanvasElement): string | undefined {
  if (canvas.width === 0 || canvas.height === 0) return undefined
  const flat = document.createElement('canvas')
  flat.width = canvas.width
  flat.height = canvas.height
  const context = flat.getContext('2d')
  if (!context) return undefined
  context.fillStyle = BACKDROP
  context.fillRect(0, 0, flat.width, flat.height)
  context.drawImage(canvas, 0, 0)
  return flat.toDataURL('image/jpeg', 0.9)
}

export function bytesOfDataUri(uri: string): Uint8Array {
  const base64 = uri.slice(uri.indexOf(',') + 1)
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  return bytes
}

/** Small drawing helpers shared by the canvas and the Layers list. */
import type { ImageStore } from '../fake-figma/images.js'
import type { Rect } from '../fake-figma/nodes.js'
import type { PaintLike } from '../fake-figma/paints.js'

const SIZE: Record<string, string> = { FILL: 'cover', CROP: 'cover', FIT: 'contain' }

/** The fills as a CSS background; Figma paints the last fill on top, CSS the first layer. */
export function cssBackground(fills: readonly PaintLike[], images: ImageStore): string {
  const layers: string[] = []
  for (const paint of [...fills].reverse()) {
    if (!paint.visible) continue
    if (paint.type === 'SOLID') {
      const { r, g, b } = paint.color
      const color = `rgb(${r * 255} ${g * 255} ${b * 255} / ${paint.opacity})`
      layers.push(`linear-gradient(${color}, ${color})`)
    } else {
      const image = paint.imageHash === null ? null : images.get(paint.imageHash)
      if (image === null) continue
      const tile = paint.scaleMode === 'TILE'
      const size = tile ? `${image.info.width * (paint.scalingFactor ?? 1)}px auto` : SIZE[paint.scaleMode]
      layers.push(`url("${image.objectUrl()}") center / ${size} ${tile ? 'repeat' : 'no-repeat'}`)
    }
  }
  return layers.length === 0 ? 'transparent' : layers.join(', ')
}

export function unionRect(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null
  const x = Math.min(...rects.map((r) => r.x))
  const y = Math.min(...rects.map((r) => r.y))
  const right = Math.max(...rects.map((r) => r.x + r.width))
  const bottom = Math.max(...rects.map((r) => r.y + r.height))
  return { x, y, width: right - x, height: bottom - y }
}

/**
 * node.exportAsync: draws the layer (its fills, then its children, clipped like a frame) into a canvas at the
 * size the constraint asks for and encodes real PNG or JPEG bytes.
 */
import type { ImageStore } from './images.js'
import { FrameNode, type SceneNode } from './nodes.js'
import type { ImagePaintLike, PaintLike } from './paints.js'

interface ExportSettings {
  format: 'PNG' | 'JPG'
  scale: number
}

function parseSettings(node: SceneNode, settings: unknown): ExportSettings {
  const s = (settings ?? {}) as { format?: unknown; constraint?: { type?: unknown; value?: unknown } }
  const format = s.format ?? 'PNG'
  if (format !== 'PNG' && format !== 'JPG') {
    throw new Error(`in exportAsync: The playground exports PNG and JPG only, not ${String(format)}`)
  }
  const constraint = s.constraint ?? { type: 'SCALE', value: 1 }
  const value = constraint.value
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error('in exportAsync: Expected constraint.value to be a positive number')
  }
  switch (constraint.type) {
    case 'SCALE':
      return { format, scale: value }
    case 'WIDTH':
      return { format, scale: value / node.width }
    case 'HEIGHT':
      return { format, scale: value / node.height }
    default:
      throw new Error(`in exportAsync: Unknown constraint type ${String(constraint.type)}`)
  }
}

type Context = CanvasRenderingContext2D

async function drawImagePaint(ctx: Context, paint: ImagePaintLike, images: ImageStore, w: number, h: number) {
  const image = paint.imageHash === null ? null : images.get(paint.imageHash)
  if (image === null) return
  const bitmap = await image.decodedAsync()
  const iw = bitmap.width
  const ih = bitmap.height
  if (paint.scaleMode === 'TILE') {
    const factor = paint.scalingFactor ?? 1
    const pattern = ctx.createPattern(bitmap, 'repeat')
    if (pattern === null) return
    pattern.setTransform(new DOMMatrix().scale(factor, factor))
    ctx.fillStyle = pattern
    ctx.fillRect(0, 0, w, h)
    return
  }
  // FILL covers the layer (cropping), FIT fits inside it; CROP without a transform behaves like FILL.
  const scale = paint.scaleMode === 'FIT' ? Math.min(w / iw, h / ih) : Math.max(w / iw, h / ih)
  const dw = iw * scale
  const dh = ih * scale
  ctx.drawImage(bitmap, (w - dw) / 2, (h - dh) / 2, dw, dh)
}

async function drawPaints(
  ctx: Context,
  paints: readonly PaintLike[],
  images: ImageStore,
  w: number,
  h: number
) {
  for (const paint of paints) {
    if (!paint.visible || paint.opacity === 0) continue
    ctx.save()
    ctx.globalAlpha *= paint.opacity
    if (paint.type === 'SOLID') {
      const { r, g, b } = paint.color
      ctx.fillStyle = `rgb(${r * 255} ${g * 255} ${b * 255})`
      ctx.fillRect(0, 0, w, h)
    } else {
      await drawImagePaint(ctx, paint, images, w, h)
    }
    ctx.restore()
  }
}

async function drawNode(ctx: Context, node: SceneNode, images: ImageStore): Promise<void> {
  if (!node.visible) return
  ctx.save()
  ctx.globalAlpha *= node.opacity
  await drawPaints(ctx, node.fills, images, node.width, node.height)
  if (node instanceof FrameNode) {
    if (node.clipsContent) {
      ctx.beginPath()
      ctx.rect(0, 0, node.width, node.height)
      ctx.clip()
    }
    for (const child of node.children) {
      ctx.save()
      ctx.translate(child.x, child.y)
      await drawNode(ctx, child, images)
      ctx.restore()
    }
  }
  ctx.restore()
}

/** Renders a node at `scale` into a canvas of round(size × scale) pixels. */
export async function renderNodeAsync(node: SceneNode, images: ImageStore, scale: number) {
  const width = Math.max(1, Math.round(node.width * scale))
  const height = Math.max(1, Math.round(node.height * scale))
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (ctx === null) throw new Error('in exportAsync: no 2D canvas')
  ctx.imageSmoothingQuality = 'high'
  ctx.scale(width / node.width, height / node.height)
  await drawNode(ctx, node, images)
  return { canvas, ctx, width, height }
}

export async function exportNodeAsync(
  node: SceneNode,
  images: ImageStore,
  settings: unknown
): Promise<Uint8Array> {
  const { format, scale } = parseSettings(node, settings)
  const { canvas } = await renderNodeAsync(node, images, scale)
  const blob = await new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, format === 'PNG' ? 'image/png' : 'image/jpeg', 0.92)
  )
  if (blob === null) throw new Error('in exportAsync: encoding failed')
  return new Uint8Array(await blob.arrayBuffer())
}

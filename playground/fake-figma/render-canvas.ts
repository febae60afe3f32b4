/**
 * The playground's export renderer: draws a layer (its fills, drop shadows, then its children, clipped like
 * a frame, each at its absolute transform so rotation shows) into a canvas covering the export's bounds and
 * encodes real PNG or JPEG bytes. Browser only; the model itself stays DOM-free.
 */
import type { ExportJob, ExportRenderer } from './export.js'
import type { ImageStore } from './images.js'
import { ContainerNode, type SceneNode } from './nodes.js'
import type { ImagePaintLike, PaintLike } from './paints.js'

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
  ctx.save()
  ctx.beginPath()
  ctx.rect(0, 0, w, h)
  ctx.clip()
  ctx.drawImage(bitmap, (w - dw) / 2, (h - dh) / 2, dw, dh)
  ctx.restore()
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

function toDom(m: SceneNode['absoluteTransform']): DOMMatrix {
  return new DOMMatrix([m[0][0], m[1][0], m[0][1], m[1][1], m[0][2], m[1][2]])
}

async function drawNode(ctx: Context, node: SceneNode, images: ImageStore, base: DOMMatrix): Promise<void> {
  if (!node.visible) return
  ctx.save()
  ctx.globalAlpha *= node.opacity
  ctx.setTransform(base.multiply(toDom(node.absoluteTransform)))
  const container = node instanceof ContainerNode ? node : null
  if (container === null || !container.sizedByChildren) {
    ctx.save()
    for (const effect of node.effects) {
      if (effect.type !== 'DROP_SHADOW' || !effect.visible) continue
      const { r, g, b, a } = effect.color
      ctx.shadowColor = `rgb(${r * 255} ${g * 255} ${b * 255} / ${a})`
      ctx.shadowOffsetX = effect.offset.x * base.a
      ctx.shadowOffsetY = effect.offset.y * base.a
      ctx.shadowBlur = effect.radius * base.a
    }
    await drawPaints(ctx, node.fills, images, node.width, node.height)
    ctx.restore()
  }
  if (container !== null) {
    if (container.clipsContent && !container.sizedByChildren) {
      ctx.beginPath()
      ctx.rect(0, 0, node.width, node.height)
      ctx.clip()
    }
    for (const child of container.children) {
      if (child.isMask) {
        // A mask hides everything above it in its parent outside its own box.
        ctx.setTransform(base.multiply(toDom(child.absoluteTransform)))
        ctx.beginPath()
        ctx.rect(0, 0, child.width, child.height)
        ctx.clip()
        continue
      }
      await drawNode(ctx, child, images, base)
    }
  }
  ctx.restore()
}

/** Renders `node` as the export job says: its bounds into a canvas of job.width × job.height pixels. */
export async function renderToCanvasAsync(node: SceneNode, images: ImageStore, job: ExportJob) {
  const canvas = document.createElement('canvas')
  canvas.width = job.width
  canvas.height = job.height
  const ctx = canvas.getContext('2d')
  if (ctx === null) throw new Error('in exportAsync: no 2D canvas')
  ctx.imageSmoothingQuality = 'high'
  const base = new DOMMatrix()
    .scale(job.width / job.bounds.width, job.height / job.bounds.height)
    .translate(-job.bounds.x, -job.bounds.y)
  await drawNode(ctx, node, images, base)
  return { canvas, ctx, width: job.width, height: job.height }
}

export function canvasRenderer(images: ImageStore): ExportRenderer {
  return async (node, job) => {
    const { canvas } = await renderToCanvasAsync(node, images, job)
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, job.format === 'PNG' ? 'image/png' : 'image/jpeg', 0.92)
    )
    if (blob === null) throw new Error('in exportAsync: encoding failed')
    return new Uint8Array(await blob.arrayBuffer())
  }
}

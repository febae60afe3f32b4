import { THUMBNAIL_SIZE } from '../protocol/events.js'
import { exportConstraint, workingSize } from '../protocol/size.js'
import { renderedBox } from './rendered-box.js'

const THUMBNAIL_SPEC = {
  min: 1,
  max: THUMBNAIL_SIZE,
  multiple: 1,
  defaultLongSide: THUMBNAIL_SIZE,
  upscale: false
}

/** A PNG of the layer as it renders, long side at most THUMBNAIL_SIZE px; null when Figma cannot export it. */
export async function exportThumbnailAsync(node: SceneNode & ExportMixin): Promise<Uint8Array | null> {
  const box = renderedBox(node)
  const size = { width: box.width, height: box.height }
  try {
    return await node.exportAsync({
      format: 'PNG',
      constraint: exportConstraint(size, workingSize(size, THUMBNAIL_SPEC))
    })
  } catch {
    return null
  }
}

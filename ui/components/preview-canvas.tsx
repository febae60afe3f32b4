import { Muted, Text, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useRef } from 'preact/hooks'

import type { RgbaImage } from '../../src/engine/index.js'
import { type PreviewParams, useLivePreview } from '../hooks/use-live-preview.js'

/** At the 320 px window: a 288 × 160 box. */
const PREVIEW_HEIGHT = 160

const CHECKERBOARD =
  'repeating-conic-gradient(var(--figma-color-bg-secondary) 0% 25%, var(--figma-color-bg) 0% 50%) 50% / 12px 12px'

/** The selection's thumbnail relit live by the Studio engine inside the plugin. */
export function PreviewCanvas({
  image,
  params,
  liveFrame,
  onRendered
}: {
  readonly image: RgbaImage
  readonly params: PreviewParams
  /** A Live frame to show in place of the Studio preview. */
  readonly liveFrame?: { readonly id: number; readonly image: string }
  readonly onRendered?: (canvas: HTMLCanvasElement) => void
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  useLivePreview(canvasRef, image, params, onRendered)
  return (
    <div>
      <Text>
        <span id="preview-label">Preview</span>{' '}
        <Muted>{liveFrame ? '· Live frame from fal.ai' : '· Studio engine, live'}</Muted>
      </Text>
      <VerticalSpace space="extraSmall" />
      <div
        style={{
          boxSizing: 'border-box',
          width: '100%',
          height: PREVIEW_HEIGHT,
          padding: 4,
          borderRadius: 6,
          background: CHECKERBOARD,
          border: '1px solid var(--figma-color-border)',
          position: 'relative'
        }}
      >
        {liveFrame ? (
          <img
            src={liveFrame.image}
            alt="Live frame"
            data-live-frame={liveFrame.id}
            style={{
              position: 'absolute',
              inset: 4,
              width: 'calc(100% - 8px)',
              height: 'calc(100% - 8px)',
              objectFit: 'contain'
            }}
          />
        ) : null}
        {/* The canvas fills the box and its pixels are scaled to fit it (object-fit), whatever the layer's
            aspect: a wide photo uses the width, a tall bottle the height; the checkerboard shows through. */}
        <canvas
          ref={canvasRef}
          role="img"
          aria-labelledby="preview-label"
          width={image.width}
          height={image.height}
          style={{ display: 'block', width: '100%', height: '100%', objectFit: 'contain' }}
        />
      </div>
    </div>
  )
}

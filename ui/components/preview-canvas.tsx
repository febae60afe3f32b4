import { Checkbox, Muted, Text, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

import type { RgbaImage } from '../../src/engine/index.js'
import { COMPARE_KEY, usePressAndHold } from '../hooks/use-hold-to-compare.js'
import { type PreviewParams, useLivePreview } from '../hooks/use-live-preview.js'
import type { PreviewMask } from '../hooks/use-preview-mask.js'
import { maskOverlay } from '../lib/preview-mask.js'

/** At the 320 px window: a 288 × 160 box. */
const PREVIEW_HEIGHT = 160

const CHECKERBOARD =
  'repeating-conic-gradient(var(--figma-color-bg-secondary) 0% 25%, var(--figma-color-bg) 0% 50%) 50% / 12px 12px'

const FILL = {
  display: 'block',
  width: '100%',
  height: '100%',
  objectFit: 'contain'
} as const

/** A canvas laid exactly over the preview's image, inside the box's padding. */
const LAYER = {
  ...FILL,
  position: 'absolute',
  inset: 4,
  width: 'calc(100% - 8px)',
  height: 'calc(100% - 8px)'
} as const

/**
 * The selection's thumbnail relit live by the Studio engine inside the plugin, with the mask the run will
 * use; "Show mask" lays it over the image (background tinted).
 */
export function PreviewCanvas({
  image,
  params,
  mask,
  comparing = false,
  liveFrame,
  onRendered
}: {
  readonly image: RgbaImage
  readonly params: PreviewParams
  readonly mask: PreviewMask
  /** The compare key is held: show the original. */
  readonly comparing?: boolean
  /** A Live frame to show in place of the Studio preview. */
  readonly liveFrame?: { readonly id: number; readonly image: string }
  readonly onRendered?: (canvas: HTMLCanvasElement) => void
}) {
  const { pressed, handlers } = usePressAndHold()
  const original = pressed || comparing
  const originalRef = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const canvas = originalRef.current
    if (canvas === null || !original) return
    canvas.width = image.width
    canvas.height = image.height
    const pixels = new ImageData(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height)
    canvas.getContext('2d')?.putImageData(pixels, 0, 0)
  }, [original, image])
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const overlayRef = useRef<HTMLCanvasElement>(null)
  const [showMask, setShowMask] = useState(false)
  useLivePreview(
    canvasRef,
    image,
    params,
    mask.fromLayer === true ? mask.mask : null,
    onRendered,
    mask.subject
  )
  const overlay = showMask ? mask.mask : null
  useEffect(() => {
    const canvas = overlayRef.current
    if (canvas === null || overlay === null || overlay.length !== image.width * image.height) return
    const tinted = maskOverlay(overlay, image.width, image.height)
    canvas.width = image.width
    canvas.height = image.height
    const pixels = new ImageData(tinted.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height)
    canvas.getContext('2d')?.putImageData(pixels, 0, 0)
  }, [overlay, image])
  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
        <Text>
          <span id="preview-label">Preview</span>{' '}
          <Muted>{liveFrame ? '· Live frame from fal.ai' : '· Studio engine, live'}</Muted>
        </Text>
        {mask.mask !== null ? (
          <Checkbox value={showMask} onValueChange={setShowMask}>
            <Text>Show mask</Text>
          </Checkbox>
        ) : null}
      </div>
      <VerticalSpace space="extraSmall" />
      <div
        tabIndex={0}

        title={`Hold (or press Space or ${COMPARE_KEY}) to see the original`}
        aria-describedby="preview-compare-hint"
        {...handlers}
        style={{
          cursor: 'zoom-in',
          userSelect: 'none',
          position: 'relative',
          boxSizing: 'border-box',
          width: '100%',
          height: PREVIEW_HEIGHT,
          padding: 4,
          borderRadius: 6,
          background: CHECKERBOARD,
          border: '1px solid var(--figma-color-border)'
        }}
      >
        {/* The canvas fills the box and its pixels are scaled to fit it (object-fit), whatever the layer's
            aspect: a wide photo uses the width, a tall bottle the height; the checkerboard shows through. */}
        <canvas
          ref={canvasRef}
          role="img"
          aria-labelledby="preview-label"
          width={image.width}
          height={image.height}
          style={FILL}
        />
        {liveFrame ? (
          <img src={liveFrame.image} alt="Live frame" data-live-frame={liveFrame.id} style={LAYER} />
        ) : null}
        {overlay !== null ? (
          <canvas
            ref={overlayRef}
            role="img"
            aria-label="Mask in use"
            width={image.width}
            height={image.height}
            style={LAYER}
          />
        ) : null}
        {original ? (
          <canvas
            ref={originalRef}
            role="img"
            aria-label="Original"
            width={image.width}
            height={image.height}
            style={{ ...LAYER, background: CHECKERBOARD }}
          />
        ) : null}
        <span id="preview-compare-hint" hidden>
          Hold to see the original
        </span>
      </div>
      {mask.note !== undefined ? (
        <Text style={{ marginTop: 4 }}>
          <Muted>{mask.note}</Muted>
        </Text>
      ) : null}
    </div>
  )
}

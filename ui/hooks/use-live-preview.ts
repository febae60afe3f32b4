import type { RefObject } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

import {
  type PreparedRelight,
  prepareRelight,
  relightPrepared,
  type RgbaImage,
  studioOptions,
  type Subject
} from '../../src/engine/index.js'
import type { LightSource, Output } from '../../src/protocol/options.js'
import { timedRender } from '../lib/preview-timing.js'
import { studioDefaults } from '../lib/studio-defaults.js'

const OPTIONS = studioDefaults()

export interface PreviewParams {
  readonly prompt: string
  readonly lightSource: LightSource
  readonly output: Output
  /** Studio options the designer set (strength, temperature, a light colour), over the catalog defaults. */
  readonly options?: Readonly<Record<string, number | string>>
}

/**
 * Relights the thumbnail with the Studio engine, in the iframe, whenever the light, the prompt or the output
 * changes: no gateway round trip. Changes within one frame are coalesced with requestAnimationFrame. What
 * does not depend on the light (the subject's grid and shape) is prepared once a thumbnail and mask, so an
 * update costs only the lighting.
 */
export function useLivePreview(
  canvasRef: RefObject<HTMLCanvasElement>,
  image: RgbaImage | null,
  { prompt, lightSource, output, options }: PreviewParams,
  /** The mask layer's mask at the image's size (one byte a pixel), relit as the run will use it. */
  mask: Uint8Array | null = null,
  /** Called with the canvas after each render (Live sends it on as the init image). */
  onRendered?: (canvas: HTMLCanvasElement) => void,
  /** Auto mask: the subject found in this thumbnail once, reused on every relight while the light moves. */
  subject?: Subject
): void {
  // As text, so an equal object made anew each render does not relight again.
  const chosen = JSON.stringify(options ?? {})
  // The thumbnail prepared for the mask in use, kept while only the light changes. Prepared inside the
  // first timed render after a change, so the measure of that render includes it.
  const cache = useRef<{
    image: RgbaImage
    mask: Uint8Array | null
    subject?: Subject
    prepared: PreparedRelight
  }>()
  useEffect(() => {
    const all = { ...OPTIONS, ...(JSON.parse(chosen) as Record<string, number | string>) }
    const canvas = canvasRef.current
    if (canvas === null || image === null) return
    const frame = requestAnimationFrame(() => {
      const detail = {
        width: image.width,
        height: image.height,
        lightSource,
        prompt,
        auto: subject !== undefined
      }
      timedRender(detail, () => {
        let kept = cache.current
        if (kept?.image !== image || kept.mask !== mask || kept.subject !== subject) {
          const usable = mask !== null && mask.length === image.width * image.height ? mask : undefined
          const prepared = prepareRelight(
            image,
            subject === undefined ? { mask: usable } : { autoMask: true, subject }
          )
          kept = { image, mask, subject, prepared }
          cache.current = kept
        }
        const lit = relightPrepared(
          kept.prepared,
          studioOptions(
            { prompt, lightSource, output, options: all, seed: 0, ...(subject ? { maskMode: 'auto' } : {}) },
            0
          )
        )
        canvas.width = lit.width
        canvas.height = lit.height
        const pixels = new ImageData(lit.data as Uint8ClampedArray<ArrayBuffer>, lit.width, lit.height)
        canvas.getContext('2d')?.putImageData(pixels, 0, 0)
      })
      onRendered?.(canvas)
    })
    return () => cancelAnimationFrame(frame)
  }, [canvasRef, image, prompt, lightSource, output, chosen, mask, onRendered, subject])
}

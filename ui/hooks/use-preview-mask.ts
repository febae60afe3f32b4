import { useEffect, useMemo, useState } from 'preact/hooks'

import { findSubject, type Subject } from '../../src/engine/index.js'
import type { MaskMode } from '../../src/protocol/options.js'
import { decodePngAsync } from '../lib/decode-png-async.js'
import { grayscaleMask } from '../lib/grayscale-mask.js'
import { alphaMask, resampleMask } from '../lib/preview-mask.js'
import { requestExportAsync } from '../lib/request-export-async.js'
import type { LayerView } from './use-selection.js'

export interface PreviewMask {
  /** The mask in use at the thumbnail's size (255 = subject), or null when the preview can't show it. */
  readonly mask: Uint8Array | null
  /** Why there is none, or what it is. */
  readonly note?: string
  /** The mask comes from a mask layer: the preview relights with it (the alpha is the engine's default). */
  readonly fromLayer?: boolean
  /** Auto: what the Studio engine found in the thumbnail, found once so the preview reuses it. */
  readonly subject?: Subject
}

/**
 * The mask the run will use, for the live preview: the thumbnail's own alpha, everything (None), or the
 * mask layer, exported at the thumbnail's size through the main thread as the run would export it.
 */
export function usePreviewMask(layer: LayerView | undefined, mode: MaskMode | undefined): PreviewMask {
  const pixels = layer?.pixels ?? null
  const maskLayerId = layer?.maskLayer?.id
  const [fromLayer, setFromLayer] = useState<PreviewMask>({ mask: null })
  useEffect(() => {
    if (mode !== 'image' || layer === undefined || pixels === null || maskLayerId === undefined) return
    let live = true
    const size = { width: pixels.width, height: pixels.height }
    const long = Math.max(size.width, size.height)
    const spec = { min: 1, max: long, multiple: 1, defaultLongSide: long, upscale: true }
    setFromLayer({ mask: null, note: 'Reading the mask layer…' })
    requestExportAsync([layer.id], spec, { masks: true })
      .then(async ([exported]) => {
        if (exported?.mask === undefined) throw new Error('no mask')
        const image = await decodePngAsync(exported.mask.bytes)
        const mask = resampleMask(grayscaleMask(image), image, size)
        if (live) setFromLayer({ mask, fromLayer: true, note: `Mask from “${exported.mask.layerName}”.` })
      })
      .catch(
        () => live && setFromLayer({ mask: null, note: 'The mask layer could not be read for the preview.' })
      )
    return () => {
      live = false
    }
  }, [mode, layer?.id, maskLayerId, pixels])

  // Memoized: a new mask array on every render would relight the preview on every render.
  const local = useMemo((): PreviewMask => {
    if (pixels === null || mode === undefined) return { mask: null }
    switch (mode) {
      case 'alpha':
        return { mask: alphaMask(pixels) }
      case 'none':
        return {
          mask: new Uint8Array(pixels.width * pixels.height).fill(255),
          note: 'The whole image is the subject.'
        }
      case 'auto': {
        // The preview is Studio's: it shows the subject Studio finds (a provider's own cut may differ).
        const subject = findSubject(pixels)
        return subject.found
          ? { mask: subject.alpha, subject, note: 'Subject found automatically.' }
          : {
              mask: null,
              subject,
              note: `No clear subject: ${subject.reason}. The light follows the image's shading.`
            }
      }
      case 'image':
        return { mask: null }
    }
  }, [pixels, mode])
  return mode === 'image' && pixels !== null ? fromLayer : local
}

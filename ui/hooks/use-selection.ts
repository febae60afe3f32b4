import { emit, on } from '@create-figma-plugin/utilities'
import { useEffect, useState } from 'preact/hooks'

import type { RgbaImage } from '../../src/engine/index.js'
import type {
  RecalledSettings,
  SceneSelection,
  SelectedLayer,
  SelectionChangedHandler,
  SelectionState,
  UiReadyHandler
} from '../../src/protocol/events.js'
import { decodePngAsync } from '../lib/decode-png-async.js'
import { hasTransparency } from '../lib/has-transparency.js'

export interface LayerView extends SelectedLayer {
  /** The decoded thumbnail, for the live preview; null when it could not be exported or decoded. */
  readonly pixels: RgbaImage | null
  readonly hasTransparency: boolean
}

export interface SelectionView {
  /** False until the main thread has sent the selection once. */
  readonly loaded: boolean
  readonly layers: readonly LayerView[]
  readonly message?: string
  /** The settings a selected Relight result was made with. */
  readonly recalled?: RecalledSettings
  /** A subject selected over a background: Match background can be offered. */
  readonly scene?: SceneSelection
  /** The decoded thumbnail of a background found behind the subject (not itself selected). */
  readonly sceneThumbnail?: RgbaImage
}

async function viewOfAsync(layer: SelectedLayer): Promise<LayerView> {
  if (layer.thumbnail === null) return { ...layer, pixels: null, hasTransparency: false }
  try {
    const pixels = await decodePngAsync(layer.thumbnail)
    return { ...layer, pixels, hasTransparency: hasTransparency(pixels) }
  } catch {
    return { ...layer, pixels: null, hasTransparency: false }
  }
}

/** The selection as the main thread reports it, with thumbnails decoded and transparency decided. */
export function useSelection(): SelectionView {
  const [view, setView] = useState<SelectionView>({ loaded: false, layers: [] })
  useEffect(() => {
    let latest = 0
    const off = on<SelectionChangedHandler>('SELECTION_CHANGED', (selection: SelectionState) => {
      const mine = ++latest
      void Promise.all(selection.layers.map(viewOfAsync)).then((layers) => {
        if (mine !== latest) return
        const extra = {
          ...(selection.recalled ? { recalled: selection.recalled } : {}),
          ...(selection.scene ? { scene: selection.scene } : {})
        }
        const thumbnail = selection.scene?.thumbnail
        void (thumbnail ? decodePngAsync(thumbnail).catch(() => undefined) : Promise.resolve(undefined)).then(
          (pixels) => {
            if (mine !== latest) return
            const found = pixels ? { sceneThumbnail: pixels } : {}
            setView({ loaded: true, layers, message: selection.message, ...extra, ...found })
          }
        )
      })
    })
    emit<UiReadyHandler>('UI_READY')
    return off
  }, [])
  return view
}

/**
 * Every message between the plugin's main thread and its UI, as typed create-figma-plugin events. Requests
 * and results come in pairs and carry a request id so the UI can match them.
 */
import type { EventHandler } from '@create-figma-plugin/utilities'

import type { SizeSpec } from './catalog.js'
import type { LightSource, Output } from './options.js'

/** What the UI knows of one selected layer. */
export interface SelectedLayer {
  readonly id: string
  readonly name: string
  readonly width: number
  readonly height: number
  readonly hasTransparency: boolean
  /** A small PNG of the layer (long side at most THUMBNAIL_SIZE px) for the preview. */
  readonly thumbnail: Uint8Array
}

export const THUMBNAIL_SIZE = 256

export interface SelectionState {
  readonly layers: readonly SelectedLayer[]
  /** Set when nothing usable is selected, in words for the designer. */
  readonly message?: string
}

/** Persisted in figma.clientStorage; the gateway token is stored per user on this machine. */
export interface Settings {
  readonly gatewayUrl: string
  readonly token: string
  readonly model: string
  readonly prompt: string
  readonly lightSource: LightSource
  readonly output: Output | 'auto'
  readonly numImages: number
}

export interface ExportedLayer {
  readonly id: string
  readonly name: string
  readonly bytes: Uint8Array
  /** Size of the exported image. */
  readonly width: number
  readonly height: number
  /** Size of the layer on the canvas. */
  readonly layerWidth: number
  readonly layerHeight: number
  readonly hasTransparency: boolean
}

/** Parameters recorded on each inserted layer's plugin data. */
export interface InsertedParams {
  readonly jobId: string
  readonly model: string
  readonly prompt: string
  readonly lightSource: LightSource
  readonly seed: number | null
}

export interface InsertRequest {
  readonly sourceId: string
  readonly images: readonly Uint8Array[]
  readonly params: InsertedParams
}

export interface InitialProps {
  readonly settings: Settings
  readonly selection: SelectionState
  readonly defaultGatewayUrl: string
}

export interface SelectionChangedHandler extends EventHandler {
  name: 'SELECTION_CHANGED'
  handler: (selection: SelectionState) => void
}

export interface ExportRequestHandler extends EventHandler {
  name: 'EXPORT_REQUEST'
  handler: (requestId: string, size: SizeSpec) => void
}

export interface ExportResultHandler extends EventHandler {
  name: 'EXPORT_RESULT'
  handler: (
    requestId: string,
    result: { readonly layers: readonly ExportedLayer[] } | { readonly error: string }
  ) => void
}

export interface InsertRequestHandler extends EventHandler {
  name: 'INSERT_REQUEST'
  handler: (requestId: string, request: InsertRequest) => void
}

export interface InsertResultHandler extends EventHandler {
  name: 'INSERT_RESULT'
  handler: (
    requestId: string,
    result: { readonly nodeIds: readonly string[] } | { readonly error: string }
  ) => void
}

export interface SaveSettingsHandler extends EventHandler {
  name: 'SAVE_SETTINGS'
  handler: (settings: Settings) => void
}

export interface NotifyHandler extends EventHandler {
  name: 'NOTIFY'
  handler: (message: string, options: { readonly error: boolean }) => void
}

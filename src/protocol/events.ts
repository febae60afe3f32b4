/**
 * Every message between the plugin's main thread and its UI, as typed create-figma-plugin events. Requests
 * and results come in pairs and carry a request id so the UI can match them.
 *
 * Order on open: main calls `showUI(size, { settings })`; the UI mounts, registers its handlers and emits
 * `UI_READY`; main answers with `SELECTION_CHANGED` and sends it again on every `selectionchange`.
 * (Initial props are JSON-encoded by `showUI`, so byte arrays like thumbnails never travel in them.)
 */
import type { EventHandler } from '@create-figma-plugin/utilities'

import type { SizeSpec } from './catalog.js'
import type { LightSource, MaskMode, Output, OutputFormat } from './options.js'

/** Long side of the selection's thumbnails: twice the live preview's box, so it stays crisp on 2× screens. */
export const THUMBNAIL_SIZE = 512

/** Relight takes at most this many layers at a time (one gateway job each). */
export const MAX_LAYERS = 8

/** What the UI knows of one selected layer. */
export interface SelectedLayer {
  readonly id: string
  readonly name: string
  /** Size of the layer on the canvas. */
  readonly width: number
  readonly height: number
  /**
   * A small PNG of the layer (long side at most THUMBNAIL_SIZE px), or null when Figma could not export it.
   * Transparency is decided by the UI from these pixels (the sandbox has no PNG decoder).
   */
  readonly thumbnail: Uint8Array | null
  /**
   * Set when this is the source of selected Relight results (the designer selected relit copies): how many
   * selected results it stands for. Relight relights the source, never a result of a result.
   */
  readonly fromResults?: number
  /**
   * A layer that can serve as this layer's mask (maskMode `image`): the second selected layer, or a sibling
   * named "… mask" next to it. Absent when there is none.
   */
  readonly maskLayer?: { readonly id: string; readonly name: string }
}

/** Where a subject stands on a background: fractions of the background's width and height. */
export interface ScenePlacement {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/**
 * A subject over a background: two layers selected, one over the other (the upper is the subject), or one
 * layer over a sibling right behind it that holds it. The subject can be lit to match the background.
 */
export interface SceneSelection {
  /** True when the designer selected both layers; false when the background was found behind the subject. */
  readonly chosen: boolean
  readonly subjectId: string
  readonly subjectName: string
  readonly backgroundId: string
  readonly backgroundName: string
  readonly placement: ScenePlacement
  /** A thumbnail of a found background (a chosen one is among the selected layers with its own). */
  readonly thumbnail?: Uint8Array | null
  /**
   * The background is the frame (or group) the subject sits in: it renders the subject too, so the
   * subject's pixels are taken out of it before its light is read.
   */
  readonly within?: boolean
}

/** How a selected Relight result was made, to bring its settings back into the form. */
export interface RecalledSettings {
  /** The result layer these were read from. */
  readonly layerId: string
  readonly layerName: string
  readonly model: string
  readonly prompt: string
  readonly lightSource: LightSource
  /** That image's own seed, or null when the gateway reported none. */
  readonly seed: number | null
  readonly maskMode?: MaskMode
}

export interface SelectionState {
  /** Set when a selected layer is a Relight result: the settings it was made with (the first one's). */
  readonly recalled?: RecalledSettings
  readonly layers: readonly SelectedLayer[]
  /** Set when the selection is a subject over a background (Match background can be offered). */
  readonly scene?: SceneSelection
  /** Layers in the selection that cannot be relit (hidden, empty, slices…), or beyond MAX_LAYERS. */
  readonly skipped: number
  /** Set when nothing usable is selected or some layers were skipped, in words for the designer. */
  readonly message?: string
}

/** Persisted in figma.clientStorage; the gateway token is stored per user on this machine. */
export interface Settings {
  /** Empty: the gateway URL baked into the build (RELIGHT_GATEWAY_URL). */
  readonly gatewayUrl: string
  readonly token: string
  readonly model: string
  readonly prompt: string
  readonly lightSource: LightSource
  /** 'auto': Cut-out for layers with transparency, Scene otherwise. */
  readonly output: Output | 'auto'
  readonly numImages: number
  /** The designer's choices for each model (model id → choices), kept when switching models. */
  readonly perModel?: Readonly<Record<string, ModelChoices>>
  /** Place every result on the canvas as it arrives (batch work) instead of offering them to pick from. */
  readonly autoInsert?: boolean
}

/**
 * Choices that only make sense for one model (its mask modes, ranges and formats differ). Numbers are kept
 * as typed, so a value the model refuses is shown and explained rather than silently dropped.
 */
export interface ModelChoices {
  /** Absent: the default (layer transparency for transparent layers). */
  readonly maskMode?: MaskMode
  readonly negativePrompt?: string
  readonly seed?: string
  /** Send `seed` with every run; unlocked, each run gets a new seed and the field shows the last one. */
  readonly seedLocked?: boolean
  readonly steps?: string
  readonly guidance?: string
  /** The working size's long side in px. */
  readonly longSide?: string
  readonly outputFormat?: OutputFormat
  /** The Strength slider, for a model that declares a numeric `strength` option. */
  readonly strength?: number
  /** The warm↔cool slider, for a model that declares a numeric `temperature` option. */
  readonly temperature?: number
}

export interface ExportedLayer {
  readonly id: string
  readonly name: string
  readonly bytes: Uint8Array
  /** Size the layer was exported at (the model's working size). */
  readonly width: number
  readonly height: number
  /** Size of the layer on the canvas. */
  readonly layerWidth: number
  readonly layerHeight: number
  /**
   * Present when the export asked for masks and the layer has a mask layer: that layer's pixels over the
   * subject's box, as PNG at exactly `width` × `height` (the UI turns it into grayscale before upload).
   */
  readonly mask?: { readonly bytes: Uint8Array; readonly layerName: string }
  /** Present when the export asked for a background: that layer as PNG, and where this layer stands on it. */
  readonly background?: ExportedBackground
}

export interface ExportedBackground {
  readonly id: string
  readonly name: string
  readonly bytes: Uint8Array
  readonly width: number
  readonly height: number
  readonly placement: ScenePlacement
  /** The background holds the subject (a frame it sits in): its export shows the subject at `placement`. */
  readonly within?: boolean
}

export interface ExportOptions {
  /** Export each layer's mask layer too (maskMode `image`). */
  readonly masks?: boolean
  /** The id of a background layer to export with each layer (Match background). */
  readonly background?: string
}

/** The cast shadow of a matched subject, placed beneath it: canvas units from the subject's top-left. */
export interface SceneShadow {
  readonly bytes: Uint8Array
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** Parameters of the job whose results are inserted (recorded in each result's plugin data). */
export interface InsertedParams {
  readonly jobId: string
  readonly model: string
  readonly prompt: string
  readonly lightSource: LightSource
  /** The seed the gateway reports for the job (one for all its images), or null. */
  readonly seed: number | null
  /** The mask the job used, so selecting a result brings it back into the form. */
  readonly maskMode?: MaskMode
}

/**
 * What each inserted layer carries in its plugin data (key `relight`): the job's params, the layer it was
 * relit from (so selecting a result and pressing Relight relights the source), and which of the job's
 * images it is with that image's own seed (the job's seed + the variation index).
 */
export interface RelitLayerData extends InsertedParams {
  readonly sourceId: string
  readonly variation: number
  /** The random marker of the file the result was made in (a source id means nothing in another file). */
  readonly fileId?: string
  /** The random mark the source layer carried: the source is trusted only while it still carries it. */
  readonly sourceMark?: string
  /** The source's name when the result was made, so a result relit as itself is named after it. */
  readonly sourceName?: string
}

export interface InsertRequest {
  readonly sourceId: string
  readonly images: readonly Uint8Array[]
  readonly params: InsertedParams
  /** When the source layer is gone, place the images at the viewport's center at this size (else: error). */
  readonly withoutSource?: { readonly width: number; readonly height: number }
  /**
   * The run this insert belongs to: its layers are selected, scrolled into view and committed as one undo
   * step together when the UI sends RUN_FINISHED. Without it, this insert alone does that at once.
   */
  readonly runId?: string
  /**
   * Match background: the results are the subject relit to match this background. They are placed over it
   * at the subject's position with `shadow` beneath, grouped as "<subject> · matched to <background>".
   */
  readonly scene?: { readonly backgroundName: string; readonly shadow?: SceneShadow }
  /** Which of the job's images `images` are (default: 0, 1, …): the designer may place only some. */
  readonly variations?: readonly number[]
}

export type ExportResult = { readonly layers: readonly ExportedLayer[] } | { readonly error: string }

export type InsertResult =
  | {
      readonly nodeIds: readonly string[]
      /** The layer the results went beside (absent when placed at the viewport's center). */
      readonly sourceId?: string
      /** Set when the results went beside their source on a page other than the one the designer is on. */
      readonly page?: { readonly id: string; readonly name: string }
    }
  | { readonly error: string }

export interface InitialProps {
  readonly settings: Settings
  /** Jobs this document started that may still have results to place: jobId → source layer id. */
  readonly startedJobs?: Readonly<Record<string, string>>
  /**
   * Opened from a result's relaunch button: `again` relights its original at once with its settings,
   * `settings` opens the form with them.
   */
  readonly launch?: 'again' | 'settings'
}

/** UI → main: handlers are registered; send the selection. */
export interface UiReadyHandler extends EventHandler {
  name: 'UI_READY'
  handler: () => void
}

/** main → UI. */
export interface SelectionChangedHandler extends EventHandler {
  name: 'SELECTION_CHANGED'
  handler: (selection: SelectionState) => void
}

/** UI → main: export the given layers at the model's working size. */
export interface ExportRequestHandler extends EventHandler {
  name: 'EXPORT_REQUEST'
  handler: (requestId: string, layerIds: readonly string[], size: SizeSpec, options?: ExportOptions) => void
}

/** main → UI. */
export interface ExportResultHandler extends EventHandler {
  name: 'EXPORT_RESULT'
  handler: (requestId: string, result: ExportResult) => void
}

/** UI → main: place a job's images beside their source layer, as one undo step. */
export interface InsertRequestHandler extends EventHandler {
  name: 'INSERT_REQUEST'
  handler: (requestId: string, request: InsertRequest) => void
}

/** main → UI. */
export interface InsertResultHandler extends EventHandler {
  name: 'INSERT_RESULT'
  handler: (requestId: string, result: InsertResult) => void
}

/** UI → main: a job was accepted by the gateway for this layer; remember it until its results are placed. */
export interface JobStartedHandler extends EventHandler {
  name: 'JOB_STARTED'
  handler: (jobId: string, sourceId: string) => void
}

/** UI → main: these jobs ended without results to place (failed, canceled, already inserted). */
export interface ForgetJobsHandler extends EventHandler {
  name: 'FORGET_JOBS'
  handler: (jobIds: readonly string[]) => void
}

/** UI → main: every insert of this run is done: select all its layers, scroll to them, one undo step. */
export interface RunFinishedHandler extends EventHandler {
  name: 'RUN_FINISHED'
  handler: (runId: string) => void
}

/** UI → main. */
export interface SaveSettingsHandler extends EventHandler {
  name: 'SAVE_SETTINGS'
  handler: (settings: Settings) => void
}

/** UI → main: show a Figma toast. */
export interface NotifyHandler extends EventHandler {
  name: 'NOTIFY'
  handler: (message: string, options: { readonly error: boolean }) => void
}

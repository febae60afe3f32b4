import { DEFAULT_MODEL_ID } from '../protocol/catalog.js'
import type { Settings } from '../protocol/events.js'

/** Date-versioned: a new key when the shape of Settings changes, so old stored values are never misread. */
export const SETTINGS_KEY = 'relight-settings-2026-11-22'

export const DEFAULT_SETTINGS: Settings = {
  gatewayUrl: '',
  token: '',
  model: DEFAULT_MODEL_ID,
  prompt: '',
  lightSource: 'left',
  output: 'auto',
  numImages: 1,
  perModel: {}
}

import { loadSettingsAsync } from '@create-figma-plugin/utilities'

import type { Settings } from '../protocol/events.js'
import { readModelChoices } from '../protocol/model-choices.js'
import { LIGHT_SOURCES, MAX_VARIATIONS, OUTPUTS } from '../protocol/options.js'
import { DEFAULT_SETTINGS, SETTINGS_KEY } from './default-settings.js'

/** Settings from figma.clientStorage over the defaults; a stored value of the wrong shape is ignored. */
export async function loadPluginSettingsAsync(): Promise<Settings> {
  const stored = await loadSettingsAsync<Settings>(DEFAULT_SETTINGS, SETTINGS_KEY)
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback)
  const numImages = Number(stored.numImages)
  return {
    gatewayUrl: text(stored.gatewayUrl, DEFAULT_SETTINGS.gatewayUrl),
    token: text(stored.token, DEFAULT_SETTINGS.token),
    model: text(stored.model, DEFAULT_SETTINGS.model) || DEFAULT_SETTINGS.model,
    prompt: text(stored.prompt, DEFAULT_SETTINGS.prompt),
    lightSource: LIGHT_SOURCES.includes(stored.lightSource)
      ? stored.lightSource
      : DEFAULT_SETTINGS.lightSource,
    output:
      stored.output === 'auto' || OUTPUTS.includes(stored.output) ? stored.output : DEFAULT_SETTINGS.output,
    numImages:
      Number.isInteger(numImages) && numImages >= 1 && numImages <= MAX_VARIATIONS
        ? numImages
        : DEFAULT_SETTINGS.numImages,
    perModel: readModelChoices(stored.perModel),
    ...(stored.autoInsert === true ? { autoInsert: true } : {})
  }
}

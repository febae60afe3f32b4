import { saveSettingsAsync } from '@create-figma-plugin/utilities'

import type { Settings } from '../protocol/events.js'
import { SETTINGS_KEY } from './default-settings.js'

export async function savePluginSettingsAsync(settings: Settings): Promise<void> {
  await saveSettingsAsync<Settings>(settings, SETTINGS_KEY)
}

import { beforeEach, describe, expect, it } from 'vitest'

import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../src/plugin/default-settings.js'
import { createFakeFigma, type FakeFigma, installFigma } from './fake-figma.js'

let figma: FakeFigma

// @create-figma-plugin/utilities reads `figma` when it is imported, so the fake goes in first.
figma = createFakeFigma()
installFigma(figma)
const { loadPluginSettingsAsync } = await import('../../src/plugin/load-plugin-settings-async.js')
const { savePluginSettingsAsync } = await import('../../src/plugin/save-plugin-settings-async.js')

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
})

describe('plugin settings', () => {
  it('uses a date-versioned key', () => {
    expect(SETTINGS_KEY).toMatch(/^relight-settings-\d{4}-\d{2}-\d{2}$/)
  })

  it('loads the defaults when nothing is stored', async () => {
    expect(await loadPluginSettingsAsync()).toEqual(DEFAULT_SETTINGS)
  })

  it('saves to figma.clientStorage and loads the same settings back', async () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      gatewayUrl: 'https://relight.example.com',
      token: 'tok',
      prompt: 'neon night',
      lightSource: 'right' as const,
      output: 'cutout' as const,
      numImages: 3
    }
    await savePluginSettingsAsync(settings)
    expect(figma.storage.get(SETTINGS_KEY)).toEqual(settings)
    expect(await loadPluginSettingsAsync()).toEqual(settings)
  })

  it('keeps the More values per model across a reopen and drops malformed ones field by field', async () => {
    figma.storage.set(SETTINGS_KEY, {
      ...DEFAULT_SETTINGS,
      perModel: {
        'fal/iclight-v2': { steps: '20', seedLocked: true, outputFormat: 'jpeg', maskMode: 'sideways' },
        'segmind/ic-light': 'not an object'
      }
    })
    expect((await loadPluginSettingsAsync()).perModel).toEqual({
      'fal/iclight-v2': { steps: '20', seedLocked: true, outputFormat: 'jpeg' }
    })
  })

  it('fills in fields an older save did not have and ignores values of the wrong shape', async () => {
    figma.storage.set(SETTINGS_KEY, {
      prompt: 'candle',
      lightSource: 'diagonal',
      numImages: 99,
      output: 'poster'
    })
    expect(await loadPluginSettingsAsync()).toEqual({ ...DEFAULT_SETTINGS, prompt: 'candle' })
  })
})

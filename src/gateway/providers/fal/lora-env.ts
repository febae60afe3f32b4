/**
 * The admin's IC-Light setup for fal/lora-image-to-image, from the environment (called by env.ts only):
 * RELIGHT_FAL_LORA_BASE_MODEL (SD1.5 base: a Hugging Face id or URL), RELIGHT_FAL_ICLIGHT_WEIGHTS (URL of
 * the IC-Light FC weights), RELIGHT_FAL_ICLIGHT_BG_WEIGHTS (URL of the background-conditioned FBC weights:
 * set, the model takes a background), RELIGHT_FAL_LORAS (JSON: [{"path": "https://…", "scale": 0.8}]).
 */
import * as v from 'valibot'

import { ConfigError } from '../../config-error.js'
import type { FalLoraSettings } from './map-lora.js'

const LorasSchema = v.array(
  v.strictObject({
    path: v.pipe(v.string(), v.url()),
    scale: v.pipe(v.number(), v.minValue(0), v.maxValue(4))
  })
)

type Env = Readonly<Record<string, string | undefined>>

/** Throws a `ConfigError` naming the variable. */
export function loraSettingsFrom(env: Env): Partial<FalLoraSettings> {
  const settings: { -readonly [K in keyof FalLoraSettings]?: FalLoraSettings[K] } = {}
  const base = env.RELIGHT_FAL_LORA_BASE_MODEL?.trim()
  if (base) settings.modelName = base
  const weights = env.RELIGHT_FAL_ICLIGHT_WEIGHTS?.trim()
  if (weights) {
    if (!/^https:\/\/\S+$/.test(weights)) {
      throw new ConfigError(
        `RELIGHT_FAL_ICLIGHT_WEIGHTS must be an https URL of the IC-Light weights, got "${weights}".`
      )
    }
    settings.icLightModelUrl = weights
  }
  const background = env.RELIGHT_FAL_ICLIGHT_BG_WEIGHTS?.trim()
  if (background) {
    if (!/^https:\/\/\S+$/.test(background)) {
      throw new Error(
        'RELIGHT_FAL_ICLIGHT_BG_WEIGHTS must be an https URL of the IC-Light background-conditioned ' +
          `weights (iclight_sd15_fbc.safetensors), got "${background}".`
      )
    }
    settings.backgroundWeightsUrl = background
  }
  const loras = env.RELIGHT_FAL_LORAS?.trim()
  if (loras) {
    let parsed: unknown
    try {
      parsed = JSON.parse(loras)
    } catch {
      parsed = undefined
    }
    const result = v.safeParse(LorasSchema, parsed)
    if (!result.success) {
      throw new ConfigError(
        'RELIGHT_FAL_LORAS must be JSON like [{"path":"https://…/style.safetensors","scale":0.8}].'
      )
    }
    settings.loras = result.output
  }
  return settings
}

import type { InsertedParams } from '../protocol/events.js'
import { describeRun } from './relit-layer-name.js'

/** The manifest's relaunchButtons commands (package.json "figma-plugin"). */
export const RELAUNCH_AGAIN = 'relight-again'
export const RELAUNCH_SETTINGS = 'relight-settings'

/** Which relaunch button opened the plugin: run at once, or open with the result's settings in the form. */
export type Launch = 'again' | 'settings'

export function launchOf(command: string): Launch | undefined {
  return command === RELAUNCH_AGAIN ? 'again' : command === RELAUNCH_SETTINGS ? 'settings' : undefined
}

/**
 * The properties panel's buttons on a result: "Relight again" (the same settings, a new variation of the
 * original) and "Relight with these settings" (open the form with them, to change something first).
 */
export function setResultRelaunchData(node: SceneNode, params: InsertedParams, sourceName: string): void {
  node.setRelaunchData({
    [RELAUNCH_AGAIN]: `Relight “${sourceName}” again: ${describeRun(params.prompt, params.lightSource)}`,
    [RELAUNCH_SETTINGS]: ''
  })
}

/**
 * Launches the Chromium for browser tests: the headless build that @sparticuz/chromium ships inside its npm
 * package (so `npm install` alone brings it), or the browser at CHROMIUM_PATH (e.g. /usr/bin/chromium).
 */
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import chromium from '@sparticuz/chromium'
import { type Browser, chromium as playwright } from 'playwright-core'

const SYSTEM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

// @sparticuz/chromium's defaults are made for Lambda. Two are dropped: --disable-web-security (the playground
// must enforce CORS like Figma does; the plugin iframe's Origin is "null") and --single-process (a second
// browser context hangs after the first one closes).
const DROPPED_ARGS = new Set(['--disable-web-security', '--single-process'])

export async function launchBrowser(): Promise<Browser> {
  const override = process.env.CHROMIUM_PATH
  if (override !== undefined && override !== '') {
    return playwright.launch({ executablePath: override, args: SYSTEM_ARGS })
  }
  const executablePath = await chromium.executablePath()
  // The package unpacks its own fonts (Open Sans) beside the binary; use them, as on Lambda, so pages render
  // the same on any machine whatever fonts it has installed.
  const fonts = join(tmpdir(), 'fonts')
  const env = { ...process.env, ...(existsSync(join(fonts, 'fonts.conf')) ? { FONTCONFIG_PATH: fonts } : {}) }
  return playwright.launch({
    executablePath,
    env,
    args: chromium.args.filter((arg) => !DROPPED_ARGS.has(arg))
  })
}

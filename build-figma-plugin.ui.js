// create-figma-plugin's esbuild hook for the UI bundle: bakes the configured gateway URL in as the default
// (the same value the manifest allows), and targets the Chromium Figma runs instead of chrome58, so the
// client's streaming code (async iteration over the event stream) ships as written.
import { gatewayUrlFromEnv } from './build-figma-plugin.manifest.js'

export default function (buildOptions) {
  return {
    ...buildOptions,
    target: 'chrome100',
    define: {
      ...buildOptions.define,
      __RELIGHT_GATEWAY_URL__: JSON.stringify(gatewayUrlFromEnv())
    }
  }
}

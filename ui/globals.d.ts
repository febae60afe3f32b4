/** Baked into the UI bundle by build-figma-plugin.ui.js from RELIGHT_GATEWAY_URL. */
declare const __RELIGHT_GATEWAY_URL__: string | undefined

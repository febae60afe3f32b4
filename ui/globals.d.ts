/** Baked into the UI bundle by build-figma-plugin.ui.js from RELIGHT_GATEWAY_URL. */
declare const __RELIGHT_GATEWAY_URL__: string | undefined
/** Baked in by build-figma-plugin.ui.js: the manifest's allowedDomains and devAllowedDomains. */
declare const __RELIGHT_ALLOWED_DOMAINS__: readonly string[] | undefined

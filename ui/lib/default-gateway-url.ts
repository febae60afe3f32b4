/** The gateway this build was made for (RELIGHT_GATEWAY_URL at build time); localhost outside a build. */
export function defaultGatewayUrl(): string {
  return typeof __RELIGHT_GATEWAY_URL__ === 'string' && __RELIGHT_GATEWAY_URL__ !== ''
    ? __RELIGHT_GATEWAY_URL__
    : 'http://localhost:8787'
}

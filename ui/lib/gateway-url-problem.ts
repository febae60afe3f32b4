import { allowedDomains, outsideManifestProblem } from './allowed-gateway.js'

const EXAMPLE = 'Enter the full address, like https://relight.example.com'

/**
 * What is wrong with a gateway URL typed in Settings, in words for the designer; undefined when it is empty
 * (the built-in gateway) or a full http(s) address. Caught before any request, so the designer reads this
 * rather than "can't reach", a 404 from a misread address, or Figma's CSP error for an address the manifest
 * does not allow (`allowed`: the manifest's domains, unknown outside a plugin build).
 */
export function gatewayUrlProblem(
  value: string,
  allowed: readonly string[] | undefined = allowedDomains()
): string | undefined {
  const text = value.trim()
  if (text === '') return undefined
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return /^[\w.-]+(:\d+)?(\/|$)/.test(text) && !/\s/.test(text)
      ? `The address needs http:// or https:// in front. ${EXAMPLE}.`
      : `That is not a web address. ${EXAMPLE}.`
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return `That is not a web address. ${EXAMPLE}.`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `The gateway is reached over http:// or https://. ${EXAMPLE}.`
  }
  if (url.search !== '' || url.hash !== '') return `Remove the part after “?” or “#”. ${EXAMPLE}.`
  return outsideManifestProblem(url, allowed)
}

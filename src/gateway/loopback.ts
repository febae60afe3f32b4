/**
 * Which names mean "this machine": the one answer for where the gateway may listen without tokens, which
 * Host a tokenless gateway answers, and where a provider URL may use plain http (the fakes).
 */

const OCTET = '(25[0-5]|2[0-4]\\d|1?\\d?\\d)'
/** 127.0.0.0/8 as a dotted quad only: "127.example.com" is a DNS name that may point anywhere. */
const IPV4_LOOPBACK = new RegExp(`^127\\.${OCTET}\\.${OCTET}\\.${OCTET}$`)

/** A host name or address without port: `localhost`, `127.x.y.z`, `::1` (bare, or bracketed as in URLs). */
export function isLoopback(hostname: string): boolean {
  const name = hostname.trim().toLowerCase()
  return name === 'localhost' || name === '::1' || name === '[::1]' || IPV4_LOOPBACK.test(name)
}

/** A pasted token without surrounding spaces or a "Bearer " prefix (copied from a curl line or a header). */
export function normalizeToken(value: string): string {
  return value
    .trim()
    .replace(/^bearer\s+/i, '')
    .trim()
}

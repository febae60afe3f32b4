/**
 * The fingerprint of a prediction's input: SHA-256 of the model name and the input as canonical JSON
 * (keys sorted at every level), so the input we sent and the input Replicate echoes back in its list of
 * predictions hash alike whatever order the keys come in.
 */
import { createHash } from 'node:crypto'

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, canonical(record[key])])
    )
  }
  return value
}

export function predictionMarker(model: string, input: unknown): string {
  const text = JSON.stringify(canonical({ model, input }))
  return `sha256:${createHash('sha256').update(text).digest('hex')}`
}

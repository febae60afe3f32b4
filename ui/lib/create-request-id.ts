let counter = 0

/** Unique within this UI session; also used as the Idempotency-Key of a submit, so it includes randomness. */
export function createRequestId(): string {
  counter += 1
  return `${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 10)}`
}

/** How long the UI waits for the main thread before it says so, rather than showing "running" forever. */
export const EXPORT_TIMEOUT_MS = 60_000
export const INSERT_TIMEOUT_MS = 30_000

/** Raised when Figma's side of the plugin never answered (e.g. a handler threw inside Figma). */
export class MainThreadSilentError extends Error {
  override readonly name = 'MainThreadSilentError'
}

/**
 * Waits for the answer `register` hands to its callback, or rejects with `message` after `timeoutMs`; the
 * caller's `forget` drops the pending request so a late answer is ignored.
 */
export function answerWithinAsync<T>(
  register: (resolve: (value: T) => void) => void,
  forget: () => void,
  timeoutMs: number,
  message: string
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      forget()
      reject(new MainThreadSilentError(message))
    }, timeoutMs)
    register((value) => {
      clearTimeout(timer)
      resolve(value)
    })
  })
}

export function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`
}

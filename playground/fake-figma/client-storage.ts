/**
 * figma.clientStorage backed by localStorage. Like Figma it stores copies of plain data (objects, arrays,
 * strings, numbers, booleans, null, Uint8Array) per plugin, and every call is asynchronous.
 */
const U8 = '__uint8array__'

function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [U8]: Array.from(v) } : v === undefined ? null : v
  )
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && U8 in v ? Uint8Array.from((v as Record<string, number[]>)[U8]) : v
  )
}

export function createClientStorage(pluginId: string) {
  const prefix = `playground:clientStorage:${pluginId}:`
  return {
    async getAsync(key: string): Promise<unknown> {
      const text = localStorage.getItem(prefix + String(key))
      return text === null ? undefined : decode(text)
    },
    async setAsync(key: string, value: unknown): Promise<void> {
      if (typeof value === 'function' || typeof value === 'symbol') {
        throw new Error('in setAsync: Value cannot be stored')
      }
      localStorage.setItem(prefix + String(key), encode(value))
    },
    async deleteAsync(key: string): Promise<void> {
      localStorage.removeItem(prefix + String(key))
    },
    async keysAsync(): Promise<string[]> {
      const keys: string[] = []
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i)
        if (key?.startsWith(prefix) === true) keys.push(key.slice(prefix.length))
      }
      return keys
    }
  }
}

/**
 * figma.clientStorage over a string store (localStorage in the playground, a Map in tests). Like Figma it
 * stores copies of plain data (objects, arrays, strings, numbers, booleans, null, Uint8Array) per plugin,
 * and every call is asynchronous.
 */
const U8 = '__uint8array__'

export interface StorageBackend {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
  keys(): string[]
}

export function encodeStored(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [U8]: Array.from(v) } : v === undefined ? null : v
  )
}

export function decodeStored(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && U8 in v ? Uint8Array.from((v as Record<string, number[]>)[U8]) : v
  )
}

/** A backend in memory, for hosts without localStorage. */
export function memoryStorage(): StorageBackend {
  const map = new Map<string, string>()
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    keys: () => [...map.keys()]
  }
}

export function createClientStorage(backend: StorageBackend) {
  return {
    async getAsync(key: string): Promise<unknown> {
      const text = backend.getItem(String(key))
      return text === null ? undefined : decodeStored(text)
    },
    async setAsync(key: string, value: unknown): Promise<void> {
      if (typeof value === 'function' || typeof value === 'symbol') {
        throw new Error('in setAsync: Value cannot be stored')
      }
      backend.setItem(String(key), encodeStored(value))
    },
    async deleteAsync(key: string): Promise<void> {
      backend.removeItem(String(key))
    },
    async keysAsync(): Promise<string[]> {
      return backend.keys()
    }
  }
}

/** The playground's clientStorage backend: the page's localStorage, one prefix per plugin. */
import type { StorageBackend } from './client-storage.js'

export function localStorageBackend(pluginId: string): StorageBackend {
  const prefix = `playground:clientStorage:${pluginId}:`
  return {
    getItem: (key) => localStorage.getItem(prefix + key),
    setItem: (key, value) => localStorage.setItem(prefix + key, value),
    removeItem: (key) => localStorage.removeItem(prefix + key),
    keys() {
      const keys: string[] = []
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i)
        if (key?.startsWith(prefix) === true) keys.push(key.slice(prefix.length))
      }
      return keys
    }
  }
}

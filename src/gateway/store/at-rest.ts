/**
 * Encryption at rest for stored images (RELIGHT_DATA_KEY): AES-256-GCM from node:crypto. A sealed file
 * starts with a header naming the key it was written with, so keys can rotate: the first key writes, every
 * listed key reads. The job id and slot are authenticated with it, so a file moved to another job or slot
 * does not open. Files written without a key (or before one was set) stay readable: PNG, JPEG and WebP never
 * begin with the header's magic.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

export interface DataKey {
  /** Short name stored in each file's header, e.g. "2026-11". */
  readonly id: string
  /** 32 bytes. */
  readonly key: Uint8Array
}

/** Thrown when a stored image is sealed and the key it names is not configured, or does not open it. */
export class DataKeyError extends Error {
  override readonly name = 'DataKeyError'
}

const MAGIC = Buffer.from('RLX1', 'latin1')
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_ID = /^[\w.-]{1,64}$/

/**
 * "id:base64key[,id:base64key…]" → keys, the writer first. Throws an Error whose message names the fix.
 */
export function parseDataKeys(raw: string, variable = 'RELIGHT_DATA_KEY'): DataKey[] {
  const keys = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(':')
      const id = colon > 0 ? entry.slice(0, colon) : ''
      const key = Buffer.from(entry.slice(colon + 1), 'base64')
      if (!KEY_ID.test(id) || key.length !== 32) {
        throw new Error(
          `${variable} must list keys as id:base64 of 32 random bytes, comma-separated, the key to write ` +
            'with first (make one with `openssl rand -base64 32`); an entry is not like that.'
        )
      }
      return { id, key: new Uint8Array(key) }
    })
  const ids = new Set(keys.map((k) => k.id))
  if (ids.size !== keys.length) throw new Error(`${variable} names the same key id twice.`)
  return keys
}

/** Whether `bytes` were written sealed. */
export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length > MAGIC.length && Buffer.from(bytes.subarray(0, MAGIC.length)).equals(MAGIC)
}

/** Seals `bytes` with the first key; `context` (job id and slot) must match when it is opened. */
export function seal(bytes: Uint8Array, context: string, keys: readonly DataKey[]): Uint8Array {
  const writer = keys[0]
  if (!writer) return bytes
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', writer.key, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const body = Buffer.concat([cipher.update(bytes), cipher.final()])
  const id = Buffer.from(writer.id, 'utf8')
  return new Uint8Array(Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv, cipher.getAuthTag(), body]))
}

/** The key id a sealed file names. */
export function sealedKeyId(bytes: Uint8Array): string {
  const length = bytes[MAGIC.length] ?? 0
  return Buffer.from(bytes.subarray(MAGIC.length + 1, MAGIC.length + 1 + length)).toString('utf8')
}

/** Opens what `seal` wrote (plain bytes pass through); throws `DataKeyError` naming the missing key. */
export function unseal(bytes: Uint8Array, context: string, keys: readonly DataKey[]): Uint8Array {
  if (!isSealed(bytes)) return bytes
  const id = sealedKeyId(bytes)
  const key = keys.find((k) => k.id === id)
  if (!key) {
    throw new DataKeyError(
      keys.length
        ? `A stored image is encrypted with data key "${id}", which RELIGHT_DATA_KEY does not list. ` +
            'Add that key after the current one (id:base64, comma-separated) to read it.'
        : `A stored image is encrypted with data key "${id}" but RELIGHT_DATA_KEY is not set. ` +
            'Set it with that key to read the image.'
    )
  }
  let at = MAGIC.length + 1 + Buffer.byteLength(id, 'utf8')
  const iv = bytes.subarray(at, (at += IV_BYTES))
  const tag = bytes.subarray(at, (at += TAG_BYTES))
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv)
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(tag)
    return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(at)), decipher.final()]))
  } catch {
    throw new DataKeyError(
      `A stored image did not decrypt with data key "${id}": the key under that id in RELIGHT_DATA_KEY ` +
        'is not the one it was written with, or the file was altered or moved.'
    )
  }
}

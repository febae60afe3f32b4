/**
 * Image bytes as files beside the database: `<dir>/<jobId>/<slot>`. A file is written to a temporary
 * name, fsynced, renamed into place and its directory fsynced, so after a crash a file is either whole
 * or absent — never a torn image served as a result. With data keys, files are sealed (at-rest.ts).
 */
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'

import type { ImageSlot } from '../jobs/types.js'
import { type DataKey, seal, unseal } from './at-rest.js'

const SAFE_ID = /^[\w-]{1,128}$/

export class ImageFiles {
  constructor(
    readonly dir: string,
    private readonly keys: readonly DataKey[] = []
  ) {}

  jobDir(jobId: string): string {
    if (!SAFE_ID.test(jobId)) throw new Error(`Job id ${JSON.stringify(jobId)} is not safe as a file name.`)
    return join(this.dir, jobId)
  }

  path(jobId: string, slot: ImageSlot): string {
    return join(this.jobDir(jobId), slot.replace('/', '-'))
  }

  async write(jobId: string, slot: ImageSlot, bytes: Uint8Array): Promise<void> {
    const dir = this.jobDir(jobId)
    await mkdir(dir, { recursive: true })
    const target = this.path(jobId, slot)
    const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    const file = await open(temp, 'w')
    try {
      await file.writeFile(seal(bytes, `${jobId}/${slot}`, this.keys))
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(temp, target)
    await syncDir(dir)
  }

  async read(jobId: string, slot: ImageSlot): Promise<Uint8Array | undefined> {
    try {
      const stored = new Uint8Array(await readFile(this.path(jobId, slot)))
      return unseal(stored, `${jobId}/${slot}`, this.keys)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  async remove(jobId: string, slot?: ImageSlot): Promise<void> {
    await rm(slot ? this.path(jobId, slot) : this.jobDir(jobId), { recursive: true, force: true })
  }

  /** File names in a job's directory (slots, with "/" as "-", and any temporary file a crash left). */
  async fileNames(jobId: string): Promise<string[]> {
    return readdir(this.jobDir(jobId)).catch(() => [])
  }

  /** Job directories on disk, for cleaning up after a crash between a file write and its row. */
  async jobIds(): Promise<string[]> {
    const entries = await readdir(this.dir, { withFileTypes: true }).catch(() => [])
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name)
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
